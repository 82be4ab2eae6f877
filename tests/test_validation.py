"""The column checks of validation work on whole columns; they must say and parse exactly
what the check of one cell at a time says (the reference below, the former implementation)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gesundheitsregion import validation
from gesundheitsregion.schema import Column
from gesundheitsregion.validation import Problem

COLUMNS = [
    Column("anzahl", "int", minimum=0),
    Column("faktor", "float", required=False, minimum=0, maximum=1),
    Column("wert", "float", above=0),
    Column("typ", "int", choices=(1, 2, 3, 4, 5, 6)),
    Column("gruppe", "text", choices=("Hausärzte", "Augenärzte")),
    Column("ags", "text", required=False, pattern=r"\d{5}", expected="fünf Ziffern"),
    Column("name", "text"),
    Column("genau", "bool", required=False),
]

CELL = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "1",
            "0",
            "-1",
            "1,5",
            "0,25",
            "40.616",
            "1.234,5",
            "1.5",
            "2.0",
            "1e3",
            "nan",
            "inf",
            "1_000",
            " 7 ",
            "1\u00a0000",
            "x",
            "ja",
            "Nein",
            "WAHR",
            "Hausärzte",
            "hausärzte",
            "01067",
            "1067",
            "3",
            "7",
            "١٢",
            "+2",
            ".5",
        ]
    ),
    st.text(alphabet="0123456789,.-+e aä\u00a0\t\u2003\x85", max_size=8),
)


def one_cell_at_a_time(raw, col, source, rows, unit):
    check = validation._CHECKS[col.kind]
    parsed, problems = [], []
    for row, value in zip(rows, raw.tolist(), strict=True):
        text = validation._cell_text(value)
        if not text:
            if col.required:
                problems.append(Problem(source, row, col.name, "Wert fehlt", unit))
            parsed.append(validation._EMPTY_VALUE[col.kind])
            continue
        result, message = check(col, text)
        if message:
            problems.append(Problem(source, row, col.name, message, unit))
        parsed.append(validation._EMPTY_VALUE[col.kind] if message else result)
    return pd.Series(parsed, index=raw.index, dtype=validation._DTYPES[col.kind]), problems


@settings(max_examples=300, deadline=None)
@given(col=st.sampled_from(COLUMNS), cells=st.lists(CELL, max_size=12))
def test_whole_columns_give_the_values_and_messages_of_single_cells(col, cells):
    raw = pd.Series(cells, dtype="string")
    rows = list(range(2, len(cells) + 2))
    got, got_problems = validation._parse_column(raw, col, "t.csv", rows, "Zeile")
    want, want_problems = one_cell_at_a_time(raw, col, "t.csv", rows, "Zeile")
    pd.testing.assert_series_equal(got, want)
    assert got_problems == want_problems


@pytest.mark.parametrize("cells", [["1,5", None, " 2 "], ["1,5", np.nan, 2]])
def test_cells_that_are_not_text_are_read_as_their_text(cells):
    raw = pd.Series(cells, dtype=object)
    got, problems = validation._parse_column(raw, COLUMNS[2], "t.csv", [2, 3, 4], "Zeile")
    assert got.iloc[[0, 2]].tolist() == [1.5, 2.0] and np.isnan(got.iloc[1])
    assert [str(p) for p in problems] == ["t.csv, Zeile 3, Spalte wert: Wert fehlt"]


def test_a_whole_number_too_large_for_the_table_is_a_message_not_a_traceback():
    raw = pd.Series(["12", "1e100"], dtype="string")
    got, problems = validation._parse_column(raw, COLUMNS[0], "t.csv", [2, 3], "Zeile")
    assert got.iloc[0] == 12 and got.isna().iloc[1]
    assert [str(p) for p in problems] == [
        "t.csv, Zeile 3, Spalte anzahl: '1e100' liegt außerhalb des erlaubten Bereichs, "
        "erwartet wird eine Zahl ≥ 0"
    ]


def test_rows_of_blank_cells_are_skipped_and_lines_keep_their_numbers(tmp_path):
    from gesundheitsregion import io

    path = tmp_path / "t.csv"
    path.write_text("id;wert\n ; \t\nA;1\n;\nB;2\n", encoding="utf-8")
    raw = io.read_cells(path)
    assert raw.cells["id"].tolist() == ["A", "B"] and raw.rows == [3, 5]


def test_a_kind_without_a_whole_column_check_is_checked_cell_by_cell(monkeypatch):
    def check_upper(col, text):
        return (text, None) if text.isupper() else (None, f"'{text}' ist nicht groß")

    monkeypatch.setitem(validation._CHECKS, "upper", check_upper)
    monkeypatch.setitem(validation._EMPTY_VALUE, "upper", None)
    monkeypatch.setitem(validation._DTYPES, "upper", "object")
    col = Column("kurz", "upper", required=False)
    raw = pd.Series(["AB", "", "cd"], dtype="string")
    got, problems = validation._parse_column(raw, col, "t.csv", [2, 3, 4], "Zeile")
    assert got.tolist() == ["AB", None, None]
    assert [str(p) for p in problems] == ["t.csv, Zeile 4, Spalte kurz: 'cd' ist nicht groß"]
