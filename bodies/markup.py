"""A small, safe subset of Markdown for minutes, decisions and other entered text.

The text is escaped first, so no HTML a user types survives; the few constructs below are then
turned into tags and the result is cleaned once more with nh3 (allow-list of tags, attributes
and URL schemes) as a second line of defence.

Supported: paragraphs (blank line), line breaks, ``**fett**``, ``*kursiv*``, lists with ``-``
or ``1.``, headings with ``#`` (rendered as ``h3``/``h4`` so they fit below the page headings),
and links ``[Text](https://...)``.
"""

from __future__ import annotations

import re

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["render"]

_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "a"}
_BULLET = re.compile(r"^\s*[-*]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")
_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
_INLINE = (
    (re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"<em>\1</em>"),
    (re.compile(r"\[([^\]]+)\]\(((?:https?://|mailto:)[^\s)]+)\)"), r'<a href="\2">\1</a>'),
)


def _inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def _block(lines: list[str]) -> str:
    if all(_BULLET.match(line) for line in lines):
        items = "".join(f"<li>{_inline(_BULLET.sub('', line))}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    if all(_NUMBERED.match(line) for line in lines):
        items = "".join(f"<li>{_inline(_NUMBERED.sub('', line))}</li>" for line in lines)
        return f"<ol>{items}</ol>"
    heading = _HEADING.match(lines[0])
    if heading and len(lines) == 1:
        tag = "h3" if len(heading.group(1)) <= 2 else "h4"
        return f"<{tag}>{_inline(heading.group(2))}</{tag}>"
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def render(text: str) -> SafeString:
    """Return ``text`` as sanitised HTML.

    Examples
    --------
    >>> str(render("**TOP 1** beschlossen\\n\\n- Punkt <b>x</b>"))
    '<p><strong>TOP 1</strong> beschlossen</p><ul><li>Punkt &lt;b&gt;x&lt;/b&gt;</li></ul>'
    """
    blocks, current = [], []
    for line in escape(text or "").replace("\r\n", "\n").split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    html = "".join(_block(lines) for lines in blocks)
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # escaped above, cleaned by nh3
