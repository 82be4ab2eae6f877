"""The quick CSV path (pandas' C parser below the header) reads exactly what the row-by-row
path of :mod:`csv` reads: the same cells, the same line numbers, the same notes and messages."""

from __future__ import annotations

import pytest

from gesundheitsregion import io
from gesundheitsregion.validation import ValidationError

EXPECTED = frozenset({"id", "einwohner", "x", "y"})

FILES = {
    "plain": "id,einwohner,x,y\nn0,5,1.5,2\nn1,6,3,4\n",
    "windows line ends": "id,einwohner,x,y\r\nn0,5,1.5,2\r\nn1,6,3,4\r\n",
    "blank rows inside": "id,einwohner,x,y\nn0,5,1.5,2\n\n   \n,,,\n,,\nn1,6,3,4\n\n\n",
    "blank row first": "id;einwohner;x;y\n\nn0;x;1;2\n",
    "no final line break": "id,einwohner,x,y\nn0,5,1.5,2\nn1,6,3,4",
    "title rows": "Meine Tabelle,,,\n\nid,einwohner,x,y\nn0,5,1.5,2\n",
    "semicolon and decimal comma": "Titel\nStand 2024\nid;einwohner;x;y\nn0;5;1,5;2\n",
    "row too narrow": "id,einwohner,x,y\nn0,5,1.5\nn1,6,3,4\n",
    "row too wide": "id,einwohner,x,y\nn0,5,1.5,2,9\nn1,6,3,4\n",
    "quoted cell": 'id,einwohner,x,y\n"n,0",5,1.5,2\n',
    "quoted header": '"id","einwohner","x","y"\nn0,5,1.5,2\n',
    "header only": "id,einwohner,x,y\n",
    "spaces around cells": "id,einwohner,x,y\n n0 , 5 ,1.5, 2\n",
    "tabs": "id\teinwohner\tx\ty\nn0\t5\t1.5\t2\n",
    "blank line of delimiters above the header": ",,,\nid,einwohner,x,y\nn0,5,1.5,2\n",
    "words pandas reads as missing": "id,einwohner,x,y\nNA,nan,,NULL\n",
    "hash sign": "id,einwohner,x,y\n#n0,5,1.5,2\n",
    "delimiter at the end of each line": "id,einwohner,x,y,\nn0,5,1.5,2,\n",
}


def _read(path, monkeypatch, quick: bool):
    with monkeypatch.context() as patch:
        if not quick:
            patch.setattr(io, "_read_plain_csv", lambda *args: None)
        notes: list[str] = []
        try:
            raw = io.read_cells(path, expected=EXPECTED, notes=notes)
        except ValidationError as error:
            return [str(problem) for problem in error.problems], notes
        return (raw.cells.to_dict("split"), raw.cells.dtypes.tolist(), raw.rows), notes


@pytest.mark.parametrize("name", FILES)
def test_it_reads_the_same_on_the_quick_path_as_row_by_row(name, tmp_path, monkeypatch):
    path = tmp_path / "nachfrage.csv"
    path.write_text(FILES[name], encoding="utf-8")
    assert _read(path, monkeypatch, True) == _read(path, monkeypatch, False)


def test_it_takes_the_quick_path_for_a_plain_file():
    text = "Titel\nid,einwohner,x,y\nn0,5,1.5,2\n\nn1,6,3,4\n"
    lines = text.split("\n")
    raw = io._read_plain_csv(text, lines, 1, ",", "n.csv", None)
    assert raw.cells["id"].tolist() == ["n0", "n1"]
    assert raw.rows == [3, 5]  # as a text editor numbers the lines
