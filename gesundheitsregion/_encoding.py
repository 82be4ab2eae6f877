"""Which code page a delivered text file is in.

UTF-8 (with or without BOM) and UTF-16 are certain; a file that is neither is read in the code
page German offices still use: Windows-1252 (ISO-8859-1 with typographic signs in 0x80-0x9F) or
the DOS code page 850 of old practice software, whichever reads as German text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from gesundheitsregion.validation import Problem, ValidationError

__all__ = ["decode"]

_MOJIBAKE = ("Ã¤", "Ã¶", "Ã¼", "ÃŸ", "Ã„", "Ã–", "Ãœ")


def _fail(source: str, message: str) -> ValidationError:
    return ValidationError([Problem(source, None, None, message)])


_GERMAN_LETTERS = frozenset("äöüÄÖÜß")


def _is_odd(char: str) -> bool:
    """A character no table holds: a control code (ISO-8859-1 0x80-0x9F) or box drawing."""
    return unicodedata.category(char) == "Cc" or "\u2500" <= char <= "\u25ff" or char == "\ufffd"


def _char_score(char: str) -> int:
    if char in _GERMAN_LETTERS:
        return 2
    if char.isalpha():
        return 1
    return -3 if _is_odd(char) else 0


#: A non-ASCII character between two letters: in a word it must be a letter itself.
_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\x00-\x7f](?=[^\W\d_])")
#: A non-ASCII character with no letter on either side: a German umlaut never stands alone, a
#: dash or quote does (cp850 reads the Windows en dash ' – ' as ' û ').
_ALONE = re.compile(r"(?<![^\W\d_])[^\x00-\x7f](?![^\W\d_])")


def _decoding_score(text: str) -> int:
    chars = Counter(re.findall(r"[^\x00-\x7f]", text))
    score = sum(n * _char_score(c) for c, n in chars.items())
    inside = sum(1 for c in _IN_WORD.findall(text) if not c.isalpha())
    alone = sum(_char_score(c) + 3 for c in _ALONE.findall(text) if c.isalpha())
    return score - 3 * inside - alone


def _decode_single_byte(data: bytes) -> tuple[str, str]:
    """Decode a file that is not UTF-8: Windows-1252 (ISO-8859-1) or DOS cp850.

    Each code page is scored by how German its reading is: umlauts count most, other letters
    less, control codes, box drawing and punctuation inside a word against. cp850 reads the
    cp1252 umlauts as 'õ', '÷', '³', '▀' ..., cp1252 reads the cp850 ones as '„', '”', '™',
    'á' ... ('Haus„rzte'; and has no character for ü, 0x81), so the right code page scores
    highest; a tie (no umlauts) goes to cp1252.
    """
    best: tuple[int, str, str] | None = None
    for codec in ("cp1252", "cp850"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:  # cp1252 leaves five bytes undefined, cp850 none
            continue
        score = _decoding_score(text)
        if best is None or score > best[0]:
            best = (score, codec, text)
    _, codec, text = best
    if codec == "cp1252" and not re.search(rb"[\x80-\x9f]", data):
        # Without the bytes 0x80-0x9F the two are the same code page.
        codec = "ISO-8859-1"
    return text, codec


_CODEC_NAMES = {
    "cp1252": "Windows-1252",
    "ISO-8859-1": "ISO-8859-1",
    "cp850": "DOS-Codepage 850 (cp850)",
}


def decode(data: bytes, source: str, notes: list[str] | None = None) -> str:
    """Text of a delivered file: UTF-8/UTF-16, else Windows-1252 or cp850 by their reading.

    Appends a note on a legacy code page to ``notes``; raises :class:`ValidationError` for
    binary data, an unknown code page or doubly encoded umlauts.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise _fail(
            source,
            "Die Datei ist keine Textdatei in einer bekannten Kodierung. "
            "Bitte als CSV in UTF-8 oder ISO-8859-1 speichern.",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_legacy(data, source, notes)
    # isascii() is a flag of the string, no scan: a file of plain ASCII has no umlauts at all.
    if not text.isascii() and any(m in text for m in _MOJIBAKE):
        raise _fail(
            source,
            "Die Datei enthält falsch kodierte Umlaute (z. B. 'Ã¤' statt 'ä'): sie wurde "
            "doppelt kodiert. Bitte die Originaldatei als UTF-8 oder ISO-8859-1 speichern.",
        )
    return text


def _decode_legacy(data: bytes, source: str, notes: list[str] | None) -> str:
    text, codec = _decode_single_byte(data)
    odd = next((c for c in set(text) if not c.isascii() and _is_odd(c)), None)
    if odd is not None:
        line = text[: text.index(odd)].count("\n") + 1
        raise _fail(
            source,
            f"Die Kodierung der Datei ist nicht erkennbar (Zeile {line} enthält '{odd}', "
            "weder UTF-8 noch Windows-1252/ISO-8859-1 noch cp850). Bitte die Datei als "
            "„CSV UTF-8“ speichern.",
        )
    if notes is not None:
        notes.append(f"{source}: Kodierung {_CODEC_NAMES[codec]} erkannt (nicht UTF-8).")
    return text
