"""German under /, English under /en/, and complete catalogues.

German is the source language: the German pages show the msgids, the English pages their
translations from locale/en. locale/de only adds German for Django's own strings that Django's
catalogue leaves untranslated (such as the empty choice of a select).
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))

# (path without language prefix, signed in as the office?, German labels, English labels);
# only labels from our templates and forms, none from the data.
PAGES = [
    (
        "/",
        False,
        ["Gemeinsam für eine gute medizinische Versorgung in der Region", "Das Netzwerk in Zahlen"],
        ["Working together for good medical care in the region", "The network in figures"],
    ),
    (
        "/partner/",
        False,
        ["Partnerverzeichnis", "Partner suchen", "Filter zurücksetzen", "Krankenhausstandort"],
        ["Partner directory", "Search partners", "Reset filters", "Hospital site"],
    ),
    (
        "/gremien/",
        True,
        ["Alle Sitzungstermine als Kalender (iCal)", "Gremium anlegen"],
        ["All meeting dates as a calendar (iCal)", "Create body", "Steering group"],
    ),
    (
        "/massnahmen/",
        False,
        ["Maßnahmen nach Handlungsfeldern", "Maßnahmen filtern", "verantwortliche Organisation"],
        ["Measures by field of action", "Filter measures", "responsible organisation"],
    ),
    (
        "/massnahmen/empfehlungen/",
        False,
        ["Noch keine Empfehlungen veröffentlicht."],
        ["No recommendations published yet."],
    ),
    (
        "/konto/anmelden/",
        False,
        ["Passwort vergessen?", "Alle öffentlichen Inhalte sind ohne Anmeldung lesbar."],
        ["Forgotten your password?", "All public content can be read without logging in."],
    ),
    (
        "/konto/",
        True,
        ["Geschäftsstelle", "Änderungsprotokoll", "Passwort ändern", "Gremien und Sitzungen"],
        ["Network office", "Audit trail", "Change password", "Bodies and meetings"],
    ),
    (
        "/protokoll/",
        True,
        ["Protokoll filtern", "alle Benutzer", "Zeitpunkt"],
        ["Filter the log", "all users", "Time"],
    ),
    (
        "/partner/neu/",
        True,
        # Django 6.1's own empty choice, translated in locale/de.
        ["Organisation anlegen", "– bitte wählen –", "Straße und Hausnummer"],
        ["Create organisation", "- Select an option -", "Street and number"],
    ),
]


@pytest.mark.parametrize(("path", "as_office", "german", "english"), PAGES)
def test_pages_are_german_under_root_and_english_under_en(
    client, cast, path, as_office, german, english
):
    if as_office:
        client.force_login(cast.office)
    de = client.get(path)
    en = client.get("/en" + path)
    assert de.status_code == 200
    assert en.status_code == 200
    de_html, en_html = de.content.decode(), en.content.decode()
    assert '<html lang="de">' in de_html
    assert '<html lang="en">' in en_html
    for label in german:
        assert label in de_html, label
        assert label not in en_html, label
    for label in english:
        assert label in en_html, label
        assert label not in de_html, label


# Catalogues ---------------------------------------------------------------------------------

_FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def read_po(path: Path) -> list[dict]:
    """Entries of a PO file: msgctxt, msgid, msgid_plural, msgstr (a list), flags, obsolete.

    Uses polib when it is installed, else this small parser (enough for files written by
    GNU gettext).
    """
    try:
        import polib
    except ImportError:
        pass
    else:
        return [
            {
                "msgctxt": entry.msgctxt,
                "msgid": entry.msgid,
                "msgid_plural": entry.msgid_plural or None,
                "msgstr": (
                    [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
                    if entry.msgid_plural
                    else [entry.msgstr]
                ),
                "flags": set(entry.flags),
                "obsolete": entry.obsolete,
            }
            for entry in polib.pofile(str(path))
        ]

    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry: dict = {"flags": set(), "obsolete": False, "msgctxt": None, "msgid_plural": None}
        strings: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#") or not line.strip():
                continue
            elif match := _FIELD.match(line):
                key = match.group(1)
                strings[key] = _unescape(match.group(2))
            elif line.startswith('"') and key is not None:
                strings[key] += _unescape(line.strip()[1:-1])
            else:
                raise ValueError(f"{path}: unexpected line {line!r}")
        if "msgid" not in strings:
            continue
        entry["msgctxt"] = strings.get("msgctxt")
        entry["msgid"] = strings["msgid"]
        entry["msgid_plural"] = strings.get("msgid_plural")
        if entry["msgid_plural"] is None:
            entry["msgstr"] = [strings.get("msgstr", "")]
        else:
            forms = sorted(int(k[7:-1]) for k in strings if k.startswith("msgstr["))
            entry["msgstr"] = [strings[f"msgstr[{n}]"] for n in forms]
        entries.append(entry)
    return entries


def messages(path: Path) -> list[dict]:
    """The translatable entries: without the header and obsolete ones."""
    return [e for e in read_po(path) if e["msgid"] and not e["obsolete"]]


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sdr]", text))


def test_there_are_catalogues_for_english_and_for_djangos_german():
    names = {str(path.relative_to(LOCALE)) for path in CATALOGUES}
    assert "en/LC_MESSAGES/django.po" in names
    assert "de/LC_MESSAGES/django.po" in names
    assert len(messages(LOCALE / "en/LC_MESSAGES/django.po")) > 600


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE)))
def test_catalogues_have_no_untranslated_or_fuzzy_entries(path):
    untranslated = [e["msgid"] for e in messages(path) if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in messages(path) if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE)))
def test_translations_keep_the_placeholders(path):
    for entry in messages(path):
        if entry["msgid_plural"] is None:
            assert _placeholders(entry["msgstr"][0]) == _placeholders(entry["msgid"]), entry
        else:
            # The singular may say "1" instead of %(counter)s; the plural keeps every name.
            assert set(_placeholders(entry["msgstr"][0])) <= set(
                _placeholders(entry["msgid_plural"])
            ), entry
            for translated in entry["msgstr"][1:]:
                assert _placeholders(translated) == _placeholders(entry["msgid_plural"]), entry


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE)))
def test_compiled_catalogues_are_up_to_date(path):
    with path.with_suffix(".mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    for entry in messages(path):
        key = entry["msgid"]
        if entry["msgctxt"] is not None:
            key = f"{entry['msgctxt']}\x04{key}"  # how GNU gettext stores a context
        if entry["msgid_plural"] is None:
            assert catalog.get(key) == entry["msgstr"][0], entry["msgid"]
        else:
            for index, translated in enumerate(entry["msgstr"]):
                assert catalog.get((key, index)) == translated, entry["msgid"]
