#!/usr/bin/env bash
# Installs everything the project needs into .venv from the committed lock file.
# Finds a Python 3.12 interpreter by itself (PATH, pyenv, uv-managed) and bootstraps uv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

find_python312() {
    local candidate
    for candidate in "${PYTHON312:-}" python3.12 python3 python; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then
            command -v "$candidate"; return 0
        fi
    done
    if command -v pyenv >/dev/null 2>&1; then
        local version
        version="$(pyenv versions --bare 2>/dev/null | grep -E '^3\.12(\.[0-9]+)?$' | sort -V | tail -n 1)"
        if [ -n "$version" ]; then
            echo "$(pyenv root)/versions/$version/bin/python3.12"; return 0
        fi
    fi
    for candidate in "$HOME"/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do
        [ -x "$candidate" ] && { echo "$candidate"; return 0; }
    done
    return 1
}

python="$(find_python312)" || {
    echo "Fehler: Kein Python 3.12 gefunden. Bitte Python 3.12 installieren (z. B. 'pyenv install 3.12')" \
        "oder den Pfad in PYTHON312 angeben." >&2
    exit 1
}

uv_bin="$(command -v uv || true)"
if [ -z "$uv_bin" ]; then
    if [ ! -x .tools/bin/uv ]; then
        echo "Richte uv in .tools ein ..." >&2
        "$python" -m venv .tools
        .tools/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9" || \
            .tools/bin/pip install --quiet --disable-pip-version-check uv
    fi
    uv_bin="$root/.tools/bin/uv"
fi

export UV_PYTHON_DOWNLOADS=never
# Bytecode compiled once here, not at every start (where PYTHONDONTWRITEBYTECODE is set, Python
# would otherwise compile pandas, SciPy and geopandas anew each time: seconds per command).
export UV_COMPILE_BYTECODE=1
"$uv_bin" sync --locked --python "$python" --quiet "$@"
# The project's own modules too (an editable install, so uv leaves them out); a stale file is
# simply compiled again in memory.
"$root/.venv/bin/python" -m compileall -q -j 0 gesundheitsregion >/dev/null || true

# The browser tests (tests/browser) drive Chromium from the distribution; Playwright's own
# browser download is not used. CHROMIUM=/pfad names another binary; GESUNDHEITSREGION_OHNE_CHROMIUM=1
# skips this step (scripts/demo needs no browser).
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ -z "${GESUNDHEITSREGION_OHNE_CHROMIUM:-}" ] && [ ! -x "$chromium" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installiere Chromium für die Browsertests (apt-get) ..." >&2
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
            >/dev/null || echo "Hinweis: Chromium ließ sich nicht installieren; die Browsertests" \
            "schlagen fehl. Bitte 'apt-get install chromium' nachholen." >&2
    else
        echo "Hinweis: Chromium fehlt ($chromium); die Browsertests brauchen es. Installieren mit" \
            "'sudo apt-get install chromium' (Debian/Ubuntu) oder den Pfad in CHROMIUM angeben." >&2
    fi
fi
