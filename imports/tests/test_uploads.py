"""Counting tags across chunk borders, and the shared reading of tables."""

import io

from hypothesis import given
from hypothesis import strategies as st

from gesundheitsregion.schema import Column, Schema
from imports.tables import Choices, read_table
from imports.uploads import _count_tags


class _Chunks(io.RawIOBase):
    """A stream that hands out at most ``size`` bytes per read, whatever is asked."""

    def __init__(self, data: bytes, size: int):
        self.data, self.size = data, size

    def read(self, n=-1) -> bytes:
        piece, self.data = self.data[: self.size], self.data[self.size :]
        return piece


@given(
    st.lists(st.sampled_from([b"<row ", b"<c ", b"x", b"<", b"r", b"ow "]), max_size=60),
    st.integers(min_value=1, max_value=9),
)
def test_tags_are_counted_once_whatever_the_chunk_size(parts, size):
    data = b"".join(parts)
    assert _count_tags(_Chunks(data, size), (b"<row ", b"<c ")) == [
        data.count(b"<row "),
        data.count(b"<c "),
    ]


SCHEMA = Schema(
    "test",
    (
        Column("name"),
        Column("art"),
        Column("zahl", "int", required=False, minimum=0),
        Column("datum", "date", required=False),
    ),
)


def test_every_problem_of_a_table_comes_at_once(tmp_path, settings):
    path = tmp_path / "t.csv"
    path.write_text("name;art;zahl;datum;farbe\n;x;-1;31.02.2025;rot\nB;Erste;2;01.03.2025;\n")
    table = read_table(path, SCHEMA, choices={"art": Choices.of([("erste", "Erste")])})
    found = {(p.row, p.column): p.message for p in table.problems}
    assert set(found) == {(None, "farbe"), (2, "name"), (2, "art"), (2, "zahl"), (2, "datum")}
    assert found[(2, "art")] == "'x' ist nicht erlaubt; erlaubt: Erste."
    assert table.records()[1]["art"] == "erste"
    assert str(table.records()[1]["datum"]) == "2025-03-01"
