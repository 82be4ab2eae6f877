"""Result tables written as CSV are byte for byte what ``DataFrame.to_csv(index=False)`` writes,
also on the quick path that formats the cells itself."""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from gesundheitsregion import io

TEXT = st.text(alphabet=st.sampled_from(list('ab,;"\n\r äß\t 1.')), max_size=6)


def _pandas_bytes(table: pd.DataFrame, tmp_path) -> bytes:
    path = tmp_path / "pandas.csv"
    table.to_csv(path, index=False, encoding="utf-8")
    return path.read_bytes()


def _our_bytes(table: pd.DataFrame, tmp_path) -> bytes:
    return io.write_table(table, tmp_path / "ergebnis.csv").read_bytes()


@settings(max_examples=60, deadline=None)
@given(
    floats=st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=8),
    data=st.data(),
)
def test_it_writes_what_pandas_writes(floats, data, tmp_path_factory):
    n = len(floats)
    table = pd.DataFrame(
        {
            "id": pd.array(data.draw(st.lists(TEXT, min_size=n, max_size=n)), dtype="string"),
            "zugang": np.array(floats, dtype=float),
            "anzahl": np.array(
                data.draw(st.lists(st.integers(-(2**62), 2**62), min_size=n, max_size=n))
            ),
            "name": pd.Series(
                data.draw(st.lists(st.none() | TEXT, min_size=n, max_size=n)), dtype=object
            ),
            "ja": np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n))),
        }
    )
    tmp_path = tmp_path_factory.mktemp("csv")
    assert io._csv_texts(table) is not None  # the quick path is taken
    assert _our_bytes(table, tmp_path) == _pandas_bytes(table, tmp_path)


def test_it_leaves_dates_nullable_integers_and_missing_text_to_pandas(tmp_path):
    table = pd.DataFrame(
        {
            "id": pd.array(["a", pd.NA, "c"], dtype="string"),
            "stichtag": [datetime.date(2024, 12, 31), None, datetime.date(2025, 1, 1)],
            "aerzte": pd.array([1, pd.NA, 3], dtype="Int64"),
            "anteil": np.array([0.1, np.nan, 1e-7], dtype=np.float32),
        }
    )
    assert io._csv_texts(table) is None
    assert _our_bytes(table, tmp_path) == _pandas_bytes(table, tmp_path)
    text = table[["id"]].assign(wert=[0.1 + 0.2, -0.0, 1e16])
    assert _our_bytes(text, tmp_path).decode() == "id,wert\na,0.30000000000000004\n,-0.0\nc,1e+16\n"
