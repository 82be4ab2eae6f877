"""Reading tables as German offices deliver them, and every way a file can be wrong."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from gesundheitsregion import datadir, io
from gesundheitsregion.datadir import repository_root
from gesundheitsregion.schema import SCHEMAS
from gesundheitsregion.validation import ValidationError

GROUPS = ["Hausärzte", "Augenärzte", "Frauenärzte"]
AREAS = pd.DataFrame({"planungsbereich": ["01", "02"]})


def problems_of(call) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return [str(p) for p in caught.value.problems]


def test_it_reads_semicolon_iso_8859_1_with_decimal_comma(write):
    path = write(
        "aerzte.csv",
        "id;planungsbereich;arztgruppe;anrechnungsfaktor\n1;01;Hausärzte;0,5\n2;01;Augenärzte;1\n",
        encoding="iso-8859-1",
    )
    table = io.load_aerzte(path, GROUPS, planungsbereiche=AREAS)
    assert table["arztgruppe"].tolist() == ["Hausärzte", "Augenärzte"]
    assert table["anrechnungsfaktor"].tolist() == [0.5, 1.0]
    assert table["planungsbereich"].tolist() == ["01", "01"]


def test_it_reads_comma_separated_utf8_with_bom(write):
    path = write("b.csv", "\ufeffPlanungsbereich,Einwohner\n0815,40.616\n", encoding="utf-8")
    table = io.load_planungsbereiche(path)
    assert table["planungsbereich"].tolist() == ["0815"]
    assert table["einwohner"].tolist() == [40616]


def test_it_reads_utf16_tab_separated_as_excel_exports_it(write):
    path = write("b.txt", "planungsbereich\teinwohner\n01\t1200\n", encoding="utf-16")
    assert io.load_planungsbereiche(path)["einwohner"].tolist() == [1200]


def test_it_names_file_row_and_column_of_a_wrong_anrechnungsfaktor(write):
    rows = "".join(f"{i};01;Hausärzte;1\n" for i in range(1, 16))
    path = write(
        "aerzte.csv",
        "id;planungsbereich;arztgruppe;anrechnungsfaktor\n" + rows + "16;01;Hausärzte;1,5\n",
    )
    assert problems_of(lambda: io.load_aerzte(path, GROUPS, planungsbereiche=AREAS)) == [
        "aerzte.csv, Zeile 17, Spalte anrechnungsfaktor: '1,5' ist keiner der Werte "
        "0.25, 0.5, 0.75, 1.0"
    ]


def test_it_collects_every_problem_not_just_the_first(write):
    path = write(
        "aerzte.csv",
        "id,planungsbereich,arztgruppe,anrechnungsfaktor\n"
        "1,01,Hausaerzte,1\n"
        "1,09,Augenärzte,viel\n",
    )
    found = problems_of(lambda: io.load_aerzte(path, GROUPS, planungsbereiche=AREAS))
    assert len(found) == 4
    assert "aerzte.csv, Zeile 2, Spalte arztgruppe: 'Hausaerzte' ist keiner der Werte" in found[0]
    assert "Meinten Sie 'Hausärzte'?" in found[0]
    assert any("Zeile 3, Spalte anrechnungsfaktor: 'viel' ist keine Zahl" in p for p in found)
    assert any("Zeile 3, Spalte planungsbereich: '09'" in p for p in found)
    assert any("Zeile 3, Spalte id: '1' kommt doppelt vor (zuerst in Zeile 2)" in p for p in found)


def test_it_reports_missing_columns_with_the_fix(write):
    path = write("b.csv", "planungsbereich;bewohner\n01;5\n")
    (message,) = problems_of(lambda: io.load_planungsbereiche(path))
    assert message.startswith("b.csv, Spalte einwohner: Spalte fehlt.")
    assert "Bitte die Kopfzeile ergänzen" in message


def test_it_rejects_negative_population_and_text_for_numbers(write):
    path = write("b.csv", "planungsbereich;einwohner;kreistyp\n01;-5;1\n02;viele;9\n")
    assert problems_of(lambda: io.load_planungsbereiche(path)) == [
        "b.csv, Zeile 2, Spalte einwohner: '-5' liegt außerhalb des erlaubten Bereichs, "
        "erwartet wird eine ganze Zahl ≥ 0",
        "b.csv, Zeile 3, Spalte einwohner: 'viele' ist keine Zahl, erwartet wird eine ganze "
        "Zahl ≥ 0",
        "b.csv, Zeile 3, Spalte kreistyp: '9' liegt außerhalb des erlaubten Bereichs, "
        "erwartet wird 1 bis 6",
    ]


def test_it_detects_doubly_encoded_umlauts(write):
    path = write("b.csv", "planungsbereich;name;einwohner\n01;MÃ¼nden;5\n")
    (message,) = problems_of(lambda: io.load_planungsbereiche(path))
    assert "falsch kodierte Umlaute" in message and message.startswith("b.csv:")


def test_it_rejects_binary_files_with_a_clear_message(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes(b"\x00\x01\x02planungsbereich")
    (message,) = problems_of(lambda: io.load_planungsbereiche(path))
    assert "keine Textdatei" in message


def test_it_reports_rows_with_a_wrong_number_of_fields(write):
    path = write("b.csv", "planungsbereich;einwohner\n01;5;7\n")
    (message,) = problems_of(lambda: io.load_planungsbereiche(path))
    assert message.startswith("b.csv, Zeile 2: hat 3 Felder, die Kopfzeile aber 2.")


def test_it_counts_lines_as_the_user_sees_them_with_blank_lines(write):
    path = write("b.csv", "planungsbereich;einwohner\n\n01;x\n")
    (message,) = problems_of(lambda: io.load_planungsbereiche(path))
    assert "Zeile 3" in message


def test_it_rejects_unknown_file_types_and_missing_files(tmp_path):
    (message,) = problems_of(lambda: io.load_planungsbereiche(tmp_path / "b.ods"))
    assert "gibt es nicht" in message
    (tmp_path / "b.ods").write_text("x")
    (message,) = problems_of(lambda: io.load_planungsbereiche(tmp_path / "b.ods"))
    assert "Dateiformat '.ods' wird nicht unterstützt" in message


def test_it_reads_xlsx_and_restores_leading_zeros_of_postcodes(tmp_path, data_dir):
    path = tmp_path / "aerzte.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "planungsbereich", "arztgruppe", "anrechnungsfaktor", "plz"])
    sheet.append(["A", "01", "Hausärzte", 0.75, 1067])
    book.save(path)
    centroids = pd.read_csv(data_dir / datadir.PLZ_CENTROIDS, dtype={"plz": str})
    table = io.load_aerzte(path, GROUPS, planungsbereiche=AREAS, plz_centroids=centroids)
    assert table["plz"].tolist() == ["01067"]
    assert table["anrechnungsfaktor"].tolist() == [0.75]
    # 01067 is Dresden-Altstadt: the centroid lies in the city centre.
    assert 13.6 < table["lon"].iloc[0] < 13.8 and 51.0 < table["lat"].iloc[0] < 51.1
    assert table["standort_genau"].tolist() == [False]


def test_it_places_a_postcode_only_doctor_at_the_centroid_and_flags_it(write, data_dir):
    centroids = pd.read_csv(data_dir / datadir.PLZ_CENTROIDS, dtype={"plz": str})
    path = write(
        "aerzte.csv",
        "id;planungsbereich;arztgruppe;anrechnungsfaktor;plz;lon;lat\n"
        "1;01;Hausärzte;1;09111;;\n2;01;Hausärzte;1;;12.9;50.8\n3;01;Hausärzte;1;00000;;\n",
    )
    found = problems_of(
        lambda: io.load_aerzte(path, GROUPS, planungsbereiche=AREAS, plz_centroids=centroids)
    )
    assert found == [
        "aerzte.csv, Zeile 4, Spalte plz: '00000' ist keine bekannte Postleitzahl (Stand 2023); "
        "bitte prüfen oder Koordinaten angeben"
    ]
    path.write_text(path.read_text().replace("3;01;Hausärzte;1;00000;;\n", ""))
    table = io.load_aerzte(path, GROUPS, planungsbereiche=AREAS, plz_centroids=centroids)
    expected = centroids.set_index("plz").loc["09111"]
    assert table["lon"].iloc[0] == pytest.approx(expected["lon"])
    assert table["lat"].iloc[0] == pytest.approx(expected["lat"])
    assert table["standort_genau"].tolist() == [False, True]


def test_it_turns_projected_coordinates_into_lon_lat(write):
    # Chemnitz Rathaus (12.9208 E, 50.8323 N) in UTM zone 33 (EPSG:25833), central meridian 15 E.
    path = write(
        "aerzte.csv",
        "id;planungsbereich;arztgruppe;anrechnungsfaktor;x;y\n1;01;Hausärzte;1;353584.5;5633236.4\n",
    )
    table = io.load_aerzte(path, GROUPS, planungsbereiche=AREAS, crs="EPSG:25833")
    assert table["lon"].iloc[0] == pytest.approx(12.9208, abs=1e-5)
    assert table["lat"].iloc[0] == pytest.approx(50.8323, abs=1e-5)
    (message,) = problems_of(lambda: io.load_aerzte(path, GROUPS, planungsbereiche=AREAS))
    assert "--crs angeben" in message


def test_it_reads_geojson_areas_and_keeps_geometry(tmp_path):
    feature = {
        "type": "Feature",
        "properties": {"planungsbereich": "14511", "einwohner": 245618},
        "geometry": {"type": "Polygon", "coordinates": [[[12, 50], [13, 50], [13, 51], [12, 50]]]},
    }
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    table = io.load_planungsbereiche(path)
    assert table.geometry.iloc[0].area == pytest.approx(0.5)
    assert table["einwohner"].tolist() == [245618]
    feature["properties"]["einwohner"] = -1
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    (message,) = problems_of(lambda: io.load_planungsbereiche(path))
    assert message.startswith("b.geojson, Objekt 1, Spalte einwohner:")


def test_it_writes_results_atomically_in_every_format(tmp_path):
    table = pd.DataFrame({"planungsbereich": ["01"], "versorgungsgrad": [105.2]})
    io.write_table(table, tmp_path / "r.csv")
    assert (tmp_path / "r.csv").read_text().splitlines() == [
        "planungsbereich,versorgungsgrad",
        "01,105.2",
    ]
    io.write_table(table, tmp_path / "r_de.csv", german_csv=True)
    assert "01;105,2" in (tmp_path / "r_de.csv").read_text(encoding="utf-8-sig")
    io.write_table(table, tmp_path / "r.xlsx")
    assert pd.read_excel(tmp_path / "r.xlsx", dtype={"planungsbereich": str}).iloc[0].tolist() == [
        "01",
        105.2,
    ]
    with pytest.raises(ValueError, match="braucht es Geometrien"):
        io.write_table(table, tmp_path / "r.geojson")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.xlsx", "r_de.csv"]


def test_every_schema_column_is_documented():
    text = (repository_root() / "docs" / "datenmodell.md").read_text(encoding="utf-8")
    for schema in SCHEMAS.values():
        for column in schema.columns:
            assert f"`{column.name}`" in text, (schema.name, column.name)


def test_it_reads_geopackage_points_into_lon_lat(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point

    frame = gpd.GeoDataFrame(
        {
            "id": ["1"],
            "planungsbereich": ["01"],
            "arztgruppe": ["Hausärzte"],
            "anrechnungsfaktor": [0.5],
        },
        geometry=[Point(353584.5, 5633236.4)],
        crs="EPSG:25833",
    )
    frame.to_file(tmp_path / "aerzte.gpkg", driver="GPKG")
    table = io.load_aerzte(tmp_path / "aerzte.gpkg", GROUPS, planungsbereiche=AREAS)
    assert table["lon"].iloc[0] == pytest.approx(12.9208, abs=1e-5)
    assert table["lat"].iloc[0] == pytest.approx(50.8323, abs=1e-5)
    assert table["anrechnungsfaktor"].tolist() == [0.5]


# Section B of issue 7: title rows, DOS and Windows code pages, areas where points belong.

AERZTE_HEADER = "id;planungsbereich;arztgruppe;anrechnungsfaktor;name\n"


def test_it_finds_the_header_below_title_rows_in_xlsx_and_says_so(tmp_path):
    path = tmp_path / "aerzte.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ärzte im Planungsbereich 01"])
    sheet.append(["Stand: 31.12.2024", None, "Quelle: KV"])
    sheet.append([])
    sheet.append(["ID", "Planungsbereich", "Arztgruppe", "Anrechnungsfaktor"])
    sheet.append(["A", "01", "Hausärzte", 1])
    sheet.append(["B", "01", "Augenärzte", "1,5"])
    book.save(path)
    notes: list[str] = []
    (message,) = problems_of(
        lambda: io.load_aerzte(path, GROUPS, planungsbereiche=AREAS, notes=notes)
    )
    # Row numbers stay those Excel shows: header in row 4, so B is row 6.
    assert message.startswith("aerzte.xlsx, Zeile 6, Spalte anrechnungsfaktor: '1,5'")
    sheet["D6"] = 0.5
    book.save(path)
    notes.clear()
    table = io.load_aerzte(path, GROUPS, planungsbereiche=AREAS, notes=notes)
    assert table["id"].tolist() == ["A", "B"]
    assert table["anrechnungsfaktor"].tolist() == [1.0, 0.5]
    assert notes == [
        "aerzte.xlsx: Kopfzeile in Zeile 4 erkannt; die Zeilen 1–3 darüber ('Ärzte im "
        "Planungsbereich 01; Stand: 31.12.2024 Quelle: KV') als Titel übersprungen."
    ]


def test_it_finds_the_header_below_a_title_line_in_csv(write):
    path = write(
        "bereiche.csv",
        "Einwohner je Planungsbereich, Stand 2024;;\nplanungsbereich;name;einwohner\n01;A;5\n",
    )
    notes: list[str] = []
    table = io.load_planungsbereiche(path, notes=notes)
    assert table["einwohner"].tolist() == [5]
    assert "Kopfzeile in Zeile 2 erkannt; die Zeile darüber" in notes[0]


def test_a_file_without_title_rows_gets_no_note(write):
    notes: list[str] = []
    io.load_planungsbereiche(write("b.csv", "planungsbereich;einwohner\n01;5\n"), notes=notes)
    assert notes == []


@pytest.mark.parametrize(
    ("encoding", "raw", "named"),
    [
        # DOS code page 850, as old practice software and the Windows console write it.
        ("cp850", b"\x84", "DOS-Codepage 850 (cp850)"),
        # Windows-1252 with typographic quotes (0x84, 0x93) and the euro sign (0x80).
        ("cp1252", b"\xe4", "Windows-1252"),
        # ISO-8859-1: the same letters as Windows-1252, none of its bytes 0x80-0x9F.
        ("iso-8859-1", b"\xe4", "ISO-8859-1"),
    ],
)
def test_it_detects_dos_windows_and_latin_1_code_pages(write, encoding, raw, named):
    names = ["Großröhrsdorf", "Müller & Söhne", "ÄÖÜ-Straße", "Hausärztin Weiß"]
    if encoding == "cp1252":
        names.append("„Ärztehaus“ 5 €")
    text = AERZTE_HEADER + "".join(f"{i};01;Hausärzte;1;{n}\n" for i, n in enumerate(names))
    data = text.encode(encoding)
    assert "Hausärzte".encode(encoding) == b"Haus" + raw + b"rzte"
    path = write("aerzte.csv", "")
    path.write_bytes(data)
    notes: list[str] = []
    table = io.load_aerzte(path, GROUPS, planungsbereiche=AREAS, notes=notes)
    assert table["name"].tolist() == names
    assert table["arztgruppe"].unique().tolist() == ["Hausärzte"]
    assert notes == [f"aerzte.csv: Kodierung {named} erkannt (nicht UTF-8)."]


def test_utf8_gets_no_encoding_note(write):
    notes: list[str] = []
    path = write("aerzte.csv", AERZTE_HEADER + "1;01;Hausärzte;1;Weiß\n", encoding="utf-8")
    assert io.load_aerzte(path, GROUPS, notes=notes)["name"].tolist() == ["Weiß"]
    assert notes == []


def test_it_refuses_a_file_in_an_unknown_code_page(write):
    path = write("aerzte.csv", "")
    # Mac Roman 'ä' is 0x8A: in Windows-1252 'Š' and in cp850 'è'; 0x8D/0x9D are control codes
    # in both readings that matter (ISO-8859-1) and box drawing is never a name.
    path.write_bytes(AERZTE_HEADER.encode() + b"1;01;Haus\x8drzte;1;\xb3\xb3\n")
    (message,) = problems_of(lambda: io.load_aerzte(path, GROUPS))
    assert message.startswith("aerzte.csv: Die Kodierung der Datei ist nicht erkennbar")
    assert "„CSV UTF-8“ speichern" in message


def _features(*geometries) -> str:
    features = [
        {
            "type": "Feature",
            "properties": {"id": str(i), "kapazitaet": 1, "einwohner": 100},
            "geometry": geometry,
        }
        for i, geometry in enumerate(geometries, start=1)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features})


POINT = {"type": "Point", "coordinates": [12.92, 50.83]}
SQUARE = {"type": "Polygon", "coordinates": [[[12, 50], [13, 50], [13, 51], [12, 51], [12, 50]]]}
LINE = {"type": "LineString", "coordinates": [[12, 50], [13, 51]]}


def test_it_refuses_areas_where_practices_are_points(tmp_path):
    path = tmp_path / "angebot.geojson"
    path.write_text(_features(SQUARE, SQUARE))
    table, _, found = io.read_points(path, SCHEMAS["angebot"])
    assert table is None
    (message,) = map(str, found)
    assert message.startswith(
        "angebot.geojson, Spalte geometry: alle 2 Objekte sind keine Punkte "
        "(Objekt 1 ist eine Fläche (Polygon))."
    )
    assert "„Punkt auf Oberfläche“" in message


def test_it_names_each_line_or_area_among_points(tmp_path):
    path = tmp_path / "angebot.geojson"
    path.write_text(_features(POINT, LINE, POINT, SQUARE))
    _, _, found = io.read_points(path, SCHEMAS["angebot"])
    assert [str(p).split(". ")[0] for p in found] == [
        "angebot.geojson, Objekt 2, Spalte geometry: ist eine Linie (LineString), kein Punkt",
        "angebot.geojson, Objekt 4, Spalte geometry: ist eine Fläche (Polygon), kein Punkt",
    ]


def test_demand_areas_stand_for_a_point_inside_them_with_a_note(tmp_path):
    from shapely.geometry import Point, shape

    # An L-shaped area: its centroid lies outside it, the point used lies inside.
    ell = {
        "type": "Polygon",
        "coordinates": [
            [[12, 50], [14, 50], [14, 50.5], [12.5, 50.5], [12.5, 52], [12, 52], [12, 50]]
        ],
    }
    path = tmp_path / "nachfrage.geojson"
    path.write_text(_features(ell, POINT))
    notes: list[str] = []
    _, lonlat, found = io.read_points(path, SCHEMAS["nachfrage"], notes=notes)
    assert found == []
    assert not shape(ell).contains(shape(ell).centroid)
    assert shape(ell).contains(Point(lonlat[0]))
    assert lonlat[1].tolist() == [12.92, 50.83]
    assert notes[0].startswith("nachfrage.geojson: 1 Fläche steht für ihren inneren Punkt")


def test_a_single_part_multipoint_is_its_point(tmp_path):
    path = tmp_path / "angebot.geojson"
    path.write_text(_features({"type": "MultiPoint", "coordinates": [[12.5, 50.5]]}))
    _, lonlat, found = io.read_points(path, SCHEMAS["angebot"])
    assert found == [] and lonlat.tolist() == [[12.5, 50.5]]


# Writing: one German message per failure, several files all or none.


def test_outputs_keep_every_old_file_when_one_rename_fails(tmp_path, monkeypatch):
    (tmp_path / "a.csv").write_text("alt a")
    (tmp_path / "b.csv").write_text("alt b")
    real_replace = os.replace

    def replace(source, target):
        if Path(target).name == "b.csv" and ".tmp" in Path(source).name:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    table = pd.DataFrame({"x": [1]})
    with pytest.raises(io.WriteError) as caught, io.Outputs() as out:
        io.write_table(table, tmp_path / "a.csv", outputs=out)
        io.write_table(table, tmp_path / "b.csv", outputs=out)
    assert str(caught.value) == (
        f"'{tmp_path / 'b.csv'}' lässt sich nicht überschreiben: die Datei ist schreibgeschützt "
        "oder in einem anderen Programm (etwa Excel) geöffnet. Bitte sie schließen oder "
        "freigeben, oder einen anderen Dateinamen angeben. Es wurde nichts geschrieben."
    )
    assert (tmp_path / "a.csv").read_text() == "alt a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]


def test_outputs_remove_staged_files_and_new_folders_when_the_block_fails(tmp_path):
    with pytest.raises(RuntimeError), io.Outputs() as out:
        out.path(tmp_path / "neu" / "a.csv").write_text("a")
        (out.folder(tmp_path / "neu" / "tabellen") / "b.csv").write_text("b")
        raise RuntimeError("Rechnung scheitert")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("table", "writer"),
    [
        # Nullable integers are written by pandas, plain numbers by io's own quick CSV writer.
        (pd.DataFrame({"x": pd.array([1, None], dtype="Int64")}), "to_csv"),
        (pd.DataFrame({"x": [1]}), "_write_csv_texts"),
    ],
)
def test_a_full_disk_names_the_target_not_the_temporary_file(tmp_path, monkeypatch, table, writer):
    def full(*arguments, **options):
        path = arguments[1] if writer == "to_csv" else arguments[2]
        Path(path).write_text("halb")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame if writer == "to_csv" else io, writer, full)
    with pytest.raises(io.WriteError) as caught:
        io.write_table(table, tmp_path / "r.csv")
    assert str(caught.value).startswith(f"'{tmp_path / 'r.csv'}' konnte nicht geschrieben werden")
    assert "der Datenträger ist voll" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_an_output_that_is_an_input_a_folder_or_a_device(tmp_path):
    given = tmp_path / "aerzte.csv"
    given.write_text("id\n")
    with pytest.raises(io.WriteError, match="ist zugleich eine Eingabedatei"):
        io.check_output_path(tmp_path / "." / "aerzte.csv", [None, given])
    with pytest.raises(io.WriteError, match="ist ein Ordner, keine Datei"):
        io.check_output_path(tmp_path, [given])
    with pytest.raises(io.WriteError, match="keine gewöhnliche Datei"):
        io.check_output_path("/dev/null")
    with pytest.raises(io.WriteError, match=r"Den Ordner .* gibt es nicht"):
        io.check_output_path(tmp_path / "fehlt" / "r.csv")
    io.check_output_path(tmp_path / "r.csv", [given])


def test_it_refuses_a_folder_without_write_permission(tmp_path, monkeypatch):
    # Tests may run as root, for whom chmod does not bite: ask os.access as a user would.
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(io.WriteError, match="darf nicht geschrieben werden"):
        io.check_output_path(tmp_path / "r.csv")


# Plausibility: places in Germany, fitting CRS, birth years before the Stichtag.

POINTS = "id;einwohner;lon;lat\n"


def test_it_names_a_point_outside_germany(write):
    path = write("nachfrage.csv", POINTS + "A;1;12,92;50,83\nB;1;2,35;48,86\n")
    _, _, found = io.read_points(path, SCHEMAS["nachfrage"])
    assert [str(p) for p in found] == [
        "nachfrage.csv, Zeile 3, Spalte lon/lat: lon 2,35, lat 48,86 liegt außerhalb "
        "Deutschlands (erlaubt sind Orte in Deutschland und bis etwa 35 km jenseits der Grenze). "
        "Bitte die Koordinaten prüfen: WGS84 in Dezimalgrad, z. B. lon 12,92 und lat 50,83 für "
        "Chemnitz."
    ]


def test_it_accepts_places_just_across_the_border(write):
    # Basel (7.59 E, 47.56 N), Salzburg (13.04 E, 47.81 N), Szczecin (14.55 E, 53.43 N).
    path = write(
        "angebot.csv", "id;kapazitaet;lon;lat\nB;1;7,59;47,56\nS;1;13,04;47,81\nZ;1;14,55;53,43\n"
    )
    assert io.read_points(path, SCHEMAS["angebot"])[2] == []


def test_it_suspects_swapped_lon_and_lat_per_row_or_for_the_whole_file(write):
    path = write("nachfrage.csv", POINTS + "A;1;12,92;50,83\nB;1;50,83;12,92\n")
    (problem,) = io.read_points(path, SCHEMAS["nachfrage"])[2]
    assert str(problem).startswith(
        "nachfrage.csv, Zeile 3, Spalte lon/lat: Längen- und Breitengrad vertauscht? "
        "(lon 50,83, lat 12,92 liegt außerhalb Deutschlands"
    )
    path = write("nachfrage.csv", POINTS + "A;1;50,83;12,92\nB;1;51,2;13,5\nC;1;50,8;12,9\n")
    (problem,) = io.read_points(path, SCHEMAS["nachfrage"])[2]
    assert str(problem).startswith(
        "nachfrage.csv, Spalte lon/lat: alle 3 Zeilen: Längen- und Breitengrad vertauscht?"
    )
    assert str(problem).endswith("Bitte die Spalten lon und lat tauschen.")


def test_it_explains_metres_in_the_lon_lat_columns(write):
    path = write("nachfrage.csv", POINTS + "A;1;353584,5;5633236,4\n")
    messages = [str(p) for p in io.read_points(path, SCHEMAS["nachfrage"])[2]]
    assert messages[0].startswith("nachfrage.csv, Zeile 2, Spalte lat: '5633236,4' liegt")
    assert "Meter gehören in x/y mit --crs" in messages[0]


XY = "id;einwohner;x;y\n"


def test_it_refuses_metres_with_a_degree_crs_and_degrees_with_a_metre_crs(write):
    path = write("nachfrage.csv", XY + "A;1;353584,5;5633236,4\n")
    (problem,) = io.read_points(path, SCHEMAS["nachfrage"], crs="EPSG:4326")[2]
    assert str(problem).startswith(
        "nachfrage.csv, Spalte x/y: x/y sind Meter, --crs EPSG:4326 rechnet aber in Grad."
    )
    path = write("nachfrage.csv", XY + "A;1;12,92;50,83\n")
    (problem,) = io.read_points(path, SCHEMAS["nachfrage"], crs="EPSG:3035")[2]
    assert "x/y sehen aus wie Grad" in str(problem) and "--crs EPSG:3035" in str(problem)
    # Degrees as x/y with a degree CRS are fine.
    assert io.read_points(path, SCHEMAS["nachfrage"], crs="EPSG:4326")[2] == []


def test_it_names_the_crs_under_which_misplaced_points_lie_in_germany(write):
    # Chemnitz Rathaus in UTM 33 (EPSG:25833); read as the Lambert grid EPSG:3035 it lands in
    # the Atlantic west of Africa.
    path = write("nachfrage.csv", XY + "A;1;353584,5;5633236,4\nB;1;353600;5633300\n")
    (problem,) = io.read_points(path, SCHEMAS["nachfrage"], crs="EPSG:3035")[2]
    message = str(problem)
    assert message.startswith(
        "nachfrage.csv, Spalte x/y: alle 2 Zeilen: mit --crs EPSG:3035 umgerechnet liegt der "
        "Punkt außerhalb Deutschlands"
    )
    assert "In Deutschland lägen die Punkte mit --crs EPSG:25832 oder EPSG:25833" in message
    assert io.read_points(path, SCHEMAS["nachfrage"], crs="EPSG:25833")[2] == []


AERZTE_BORN = "id;planungsbereich;arztgruppe;anrechnungsfaktor;geburtsjahr\n"


def test_it_refuses_a_birth_year_after_the_stichtag(write):
    path = write("aerzte.csv", AERZTE_BORN + "1;01;Hausärzte;1;1968\n2;01;Hausärzte;1;2026\n")
    # Eighteen at the Stichtag is the youngest age allowed, as for the column alter.
    table = io.load_aerzte(path, GROUPS, stichtag_jahr=2044)
    assert table["geburtsjahr"].tolist() == [1968, 2026]
    assert problems_of(lambda: io.load_aerzte(path, GROUPS, stichtag_jahr=2024)) == [
        "aerzte.csv, Zeile 3, Spalte geburtsjahr: '2026' liegt nach dem Stichtag (2024): ein "
        "Geburtsjahr in der Zukunft. Erwartet wird ein Geburtsjahr von 1914 bis 2006; bitte "
        "Geburtsjahr und Stichtag prüfen."
    ]


def test_it_takes_the_stichtag_from_the_file_and_wants_only_one(write):
    path = write(
        "aerzte.csv",
        "id;planungsbereich;arztgruppe;anrechnungsfaktor;geburtsjahr;stichtag\n"
        "1;01;Hausärzte;1;1968;31.12.2020\n2;01;Hausärzte;1;2005;31.12.2020\n",
    )
    (message,) = problems_of(lambda: io.load_aerzte(path, GROUPS))
    assert (
        "Zeile 3, Spalte geburtsjahr: '2005' ergäbe am Stichtag (2020) ein Alter von 15" in message
    )
    path.write_text(path.read_text().replace("2005;31.12.2020", "1970;2021-12-31"))
    (message,) = problems_of(lambda: io.load_aerzte(path, GROUPS))
    assert message.startswith("aerzte.csv, Spalte stichtag: verschiedene Stichtage (2020, 2021)")


def test_provenance_travels_beside_the_table_not_in_its_attrs(write):
    path = write("praxen.csv", "id;kapazitaet;lon;lat\n\nX;1;12,9;50,8\nY;2;;\n")
    table, where = io.read_table_with_provenance(path, SCHEMAS["angebot"])
    assert table.attrs == {}
    assert where == io.Provenance("praxen.csv", (3, 4), "Zeile")
    _, problems = io.points_lonlat(table, None, required=True, provenance=where)
    assert [str(p) for p in problems] == [
        "praxen.csv, Zeile 4, Spalte lon/lat: Lage fehlt: bitte lon/lat oder x/y angeben"
    ]


def test_a_failed_geojson_write_of_gdal_is_one_message_too(tmp_path, monkeypatch):
    import geopandas as gpd
    from pyogrio.errors import DataSourceError
    from shapely.geometry import box

    def fails(self, path, **options):
        Path(path).write_text("{")
        raise DataSourceError(f"Failed to create GeoJSON datasource: {path}")

    monkeypatch.setattr(gpd.GeoDataFrame, "to_file", fails)
    shapes = gpd.GeoDataFrame({"id": ["01"]}, geometry=[box(12, 50, 13, 51)], crs="EPSG:4326")
    with pytest.raises(io.WriteError) as caught:
        io.write_table(pd.DataFrame({"id": ["01"]}), tmp_path / "r.geojson", geometry=shapes)
    assert str(caught.value).startswith(f"'{tmp_path / 'r.geojson'}' konnte nicht geschrieben")
    assert list(tmp_path.iterdir()) == []


def test_windows_dashes_are_not_read_as_dos_letters(write):
    # cp850 reads the Windows en dash (0x96) as 'û': many dashes and one umlaut must still
    # come out as Windows-1252, since a letter never stands alone between spaces.
    names = ["MVZ A – B – C – D – E – F – G", "Bär – Berg – Tal – See – Au – Ort"]
    text = AERZTE_HEADER + "".join(f"{i};01;Hausärzte;1;{n}\n" for i, n in enumerate(names))
    path = write("aerzte.csv", text, encoding="cp1252")
    assert io.load_aerzte(path, GROUPS)["name"].tolist() == names


def test_leftovers_of_a_killed_run_are_cleaned_and_a_lost_result_comes_back(tmp_path):
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # its process id now belongs to no process
    token = f"{dead.pid}-abcdef12"
    (tmp_path / f".entstehend-{token}-0").mkdir()
    (tmp_path / f".entstehend-{token}-0" / "bericht.html").write_text("halb")
    (tmp_path / f".r.csv.{token}.tmp").write_text("halb")
    # Killed between moving the old result aside and moving the new one in.
    (tmp_path / f".alt.csv.{token}.alt").write_text("altes Ergebnis")
    mine = tmp_path / f".x.csv.{os.getpid()}-abcdef12.tmp"  # a live process: left alone
    mine.write_text("läuft")
    io.write_table(pd.DataFrame({"x": [1]}), tmp_path / "r.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["alt.csv", "r.csv", mine.name])
    assert (tmp_path / "alt.csv").read_text() == "altes Ergebnis"
