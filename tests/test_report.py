"""The HTML report: self-contained, well-formed, German, escaped, and right about its colours.

The inputs are tiny and made by hand: three square planning areas south of Chemnitz, one of
them with a hostile name, and a forecast whose first year below 75 % is known.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from gesundheitsregion.report import (
    CLASS_LABELS,
    FAHRZEIT,
    SYNTHETIC_LABEL,
    Classification,
    choropleth_svg,
    classify,
    forecast_chart_svg,
    format_number,
    format_percent,
    write_report,
)

HOSTILE = "<script>alert(1)</script>"
VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr", "col", "area", "base"}


def _areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["A", "B", "C", "G1", "G2"],
            "name": ["Nordtal", "Mitte", HOSTILE, "Gemeinde Eins", "Gemeinde Zwei"],
            "art": ["Planungsbereich"] * 3 + ["Gemeinde"] * 2,
        },
        geometry=[
            box(12.8, 50.7, 13.0, 50.8),
            box(13.0, 50.7, 13.2, 50.8),
            box(12.8, 50.6, 13.2, 50.7),
            box(12.8, 50.7, 12.9, 50.8),
            box(12.9, 50.7, 13.0, 50.8),
        ],
        crs=4326,
    )


def _bedarfsplanung() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "planungsbereich": ["A", "B", "C", "A"],
            "name": ["Nordtal", "Mitte", HOSTILE, "Nordtal"],
            "arztgruppe": ["Hausärzte", "Hausärzte", "Hausärzte", "Augenärzte"],
            "einwohner": [40616, 20000, 30000, 40616],
            "verhaeltniszahl": [1501.2, 1633.0, 1633.0, 21001.0],
            "soll": [27.06, 12.25, 18.37, 1.93],
            "ist": [28.5, 7.35, 22.05, 2.0],
            "versorgungsgrad": [105.24, 60.0, 120.0, 103.6],
            "status": [
                "Regelversorgung",
                "Unterversorgung",
                "Überversorgung (gesperrt)",
                "Regelversorgung",
            ],
            "offene_sitze": [1.5, 6.5, 0.0, 0.5],
            "anteil_60plus": [0.3, 0.5, 0.2, 0.0],
            "versorgungsgrad_ohne_65plus": [90.0, 45.0, 100.0, 103.6],
            "hinweis": [None, "Verteilungsfaktor fehlt; 1,0 angenommen", None, None],
        }
    )


def _prognose() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    starts = {("A", "Hausärzte"): 105.24, ("B", "Hausärzte"): 60.0, ("C", "Hausärzte"): 120.0}
    starts[("A", "Augenärzte")] = 103.6
    names = {"A": "Nordtal", "B": "Mitte", "C": HOSTILE}
    for (area, group), start in starts.items():
        for step, year in enumerate(range(2025, 2036)):
            # Nordtal's Hausärzte: 105.24 − 4·t falls below 75 % in 2033 (t = 8: 73.24).
            grade = start - 4.0 * step
            rows.append(
                {
                    "jahr": year,
                    "planungsbereich": area,
                    "name": names[area],
                    "arztgruppe": group,
                    "versorgungsgrad": grade,
                    "versorgungsgrad_p10": grade - step,
                    "versorgungsgrad_p90": grade + step,
                }
            )
    years = pd.DataFrame(rows)
    summary = pd.DataFrame(
        {
            "planungsbereich": ["A", "B", "C", "A"],
            "name": ["Nordtal", "Mitte", HOSTILE, "Nordtal"],
            "arztgruppe": ["Hausärzte", "Hausärzte", "Hausärzte", "Augenärzte"],
            "versorgungsgrad_heute": [105.24, 60.0, 120.0, 103.6],
            "versorgungsgrad_ende": [65.24, 20.0, 80.0, 63.6],
            "erstes_jahr_unter_100": [2027, 2025, 2031, 2026],
            "erstes_jahr_unterversorgung": [2033, 2025, np.nan, np.nan],
            "erstes_jahr_unterversorgung_p10": [2031, 2025, 2034, np.nan],
            "abgaenge_erwartet": [10.0, 4.0, 6.0, 1.0],
            "neue_aerzte_pro_jahr_fuer_ziel": [1.2, 0.8, 0.0, 0.1],
            "neue_aerzte_gesamt_fuer_ziel": [12.0, 8.0, 0.0, 1.0],
        }
    )
    return years, summary


def _doctors(synthetic: bool) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["1", "2", "3"],
            "arztgruppe": ["Hausärzte", "Hausärzte", "Augenärzte"],
            "lon": [12.9, 13.1, 12.95],
            "lat": [50.75, 50.72, 50.76],
            "synthetisch": [synthetic] * 3,
        }
    )


def _hospitals() -> pd.DataFrame:
    return pd.DataFrame(
        {"name": ["Klinikum Mitte"], "standort": ["Haus 1"], "lon": [13.1], "lat": [50.65]}
    )


def _write(tmp_path, **changes) -> str:
    years, summary = _prognose()
    arguments = {
        "title": "Versorgung im Testkreis",
        "bedarfsplanung": _bedarfsplanung(),
        "prognose_years": years,
        "prognose_summary": summary,
        "areas": _areas(),
        "doctors": _doctors(synthetic=True),
        "hospitals": _hospitals(),
        "notes": ["Prognose ohne Nachbesetzung."],
        "meta": {"regeln": "BPL-RL 2025", "stichtag": "2024-12-31"},
    }
    arguments.update(changes)
    path = write_report(tmp_path / "bericht" / "bericht.html", **arguments)
    return path.read_text(encoding="utf-8")


class _Structure(HTMLParser):
    """Checks that every element is closed, in order (void elements excepted)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> schließt {self.stack[-1:] or 'nichts'}")
            return
        self.stack.pop()


def _map_svg(page: str, number: int = 1) -> str:
    figure = page.index(f'id="karte-{number}"')
    return page[page.index("<svg", figure) : page.index("</svg>", figure)]


def _fill_of_area(svg: str, area_id: str) -> str:
    return re.search(rf'<path d="[^"]*" fill="(#[0-9a-f]{{6}})"[^>]*data-id="{area_id}"', svg)[1]


def _legend_fill(svg: str, label: str) -> str:
    pattern = rf'fill="(#[0-9a-f]{{6}})"[^>]*class="legende-feld"[^>]*/><text[^>]*>{label}</text>'
    return re.search(pattern, svg)[1]


# --------------------------------------------------------------------------------------------


def test_it_writes_the_file_and_creates_missing_folders(tmp_path):
    _write(tmp_path)
    written = list((tmp_path / "bericht").iterdir())
    assert [p.name for p in written] == ["bericht.html"]


def test_it_loads_nothing_from_elsewhere(tmp_path):
    page = _write(tmp_path)
    assert 'src="http' not in page
    assert "<link" not in page
    assert "@import" not in page
    assert "url(http" not in page
    sources = page.index('id="quellen"')
    assert all(m.start() > sources for m in re.finditer("https?://", page))


def test_the_page_is_well_formed_german_html(tmp_path):
    page = _write(tmp_path)
    parser = _Structure()
    parser.feed(page)
    parser.close()
    assert parser.doctype
    assert parser.errors == []
    assert parser.stack == []
    assert '<html lang="de">' in page


def test_it_shows_names_and_german_numbers(tmp_path):
    page = _write(tmp_path)
    for name in ("Nordtal", "Mitte", "Versorgung im Testkreis"):
        assert name in page
    assert "105,2 %" in page
    assert "40.616" in page
    assert "31.12.2024" in page  # Stichtag as a German date
    assert "BPL-RL 2025" in page


def test_it_sums_the_key_figures_for_hausaerzte(tmp_path):
    page = _write(tmp_path)
    assert ">8,0</p>" in page  # open Hausarzt seats: 1,5 + 6,5 + 0
    assert ">2,0</p>" in page  # new Hausärzte per year: 1,2 + 0,8 + 0
    assert ">2025</p>" in page  # Mitte is unterversorgt from the start


def test_synthetic_practices_are_labelled_as_such(tmp_path):
    page = _write(tmp_path, doctors=_doctors(synthetic=True))
    assert SYNTHETIC_LABEL in page
    assert "synthetische Praxisstandorte (Demo)" in _map_svg(page)


def test_real_practices_are_not_called_synthetic(tmp_path):
    page = _write(tmp_path, doctors=_doctors(synthetic=False))
    assert SYNTHETIC_LABEL not in page
    assert "Praxisstandorte" in page


def test_a_report_without_practices_has_no_practice_legend(tmp_path):
    page = _write(tmp_path, doctors=None, hospitals=None)
    assert "Praxisstandorte" not in page
    assert 'class="krankenhaeuser"' not in page


def test_area_colours_follow_the_legend_classes(tmp_path):
    svg = _map_svg(_write(tmp_path))
    over, under = _fill_of_area(svg, "C"), _fill_of_area(svg, "B")  # 120 % and 60 %
    assert over != under
    assert over == _legend_fill(svg, "über 110 %")
    assert under == _legend_fill(svg, "50 bis unter 75 %")
    assert _fill_of_area(svg, "A") == _legend_fill(svg, "100 bis 110 %")  # 105,24 %


def test_hostile_text_is_escaped_everywhere(tmp_path):
    page = _write(tmp_path, notes=[HOSTILE], meta={"daten": HOSTILE})
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script") == 1  # only the report's own script


def test_hospitals_are_crosses_with_their_name(tmp_path):
    svg = _map_svg(_write(tmp_path))
    assert "<title>Krankenhaus: Klinikum Mitte (Haus 1)</title>" in svg


def test_each_arztgruppe_gets_a_map_and_a_table(tmp_path):
    page = _write(tmp_path)
    assert 'id="karte-1"' in page and 'id="karte-2"' in page
    assert '<option value="karte-2">Augenärzte</option>' in page
    assert "Augenärzte: Versorgungsgrad je Planungsbereich" in page


def test_forecast_charts_mark_the_first_year_below_the_mark(tmp_path):
    page = _write(tmp_path)
    assert "ab 2033 unter 75 %" in page  # Nordtal, Hausärzte
    assert "Prognose des Versorgungsgrads, Augenärzte, Nordtal" in page  # second group


def test_a_planning_area_without_geometry_is_named_in_the_notes(tmp_path):
    page = _write(tmp_path, areas=_areas()[lambda a: a["id"] != "B"])
    assert "Karte Hausärzte: für 1 Planungsbereich(e) fehlt die Geometrie (B)" in page


def test_a_missing_column_is_reported_by_name(tmp_path):
    broken = _bedarfsplanung().drop(columns="versorgungsgrad")
    with pytest.raises(ValueError, match="„bedarfsplanung“ fehlen die Spalten versorgungsgrad"):
        _write(tmp_path, bedarfsplanung=broken)
    assert not (tmp_path / "bericht" / "bericht.html").exists()


def test_the_report_stays_small_for_a_realistic_region(tmp_path):
    """5 planning areas, 200 detailed Gemeinden, 2,000 practices: well under 3 MB."""
    rng = np.random.default_rng(1)
    seeds = shapely.multipoints(rng.uniform([12.3, 50.2], [13.7, 50.9], size=(200, 2)))
    extent = box(12.3, 50.2, 13.7, 50.9)
    cells = shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=extent))
    cells = shapely.segmentize(shapely.intersection(cells, extent), 0.0005)  # ~50 m vertices
    gemeinden = gpd.GeoDataFrame(
        {"id": [f"G{i}" for i in range(len(cells))], "art": "Gemeinde"},
        geometry=cells,
        crs=4326,
    ).assign(name=lambda g: "Gemeinde " + g["id"])
    centre_x = shapely.get_x(shapely.centroid(cells))
    gemeinden["pb"] = pd.cut(centre_x, 5, labels=list("VWXYZ")).astype(str)
    planning = gemeinden.dissolve("pb").reset_index()[["pb", "geometry"]]
    planning = planning.rename(columns={"pb": "id"}).assign(name=lambda p: "Bereich " + p["id"])
    areas = pd.concat([planning.assign(art="Planungsbereich"), gemeinden.drop(columns="pb")])
    grade = np.array([60.0, 80.0, 95.0, 105.0, 125.0])
    plan = pd.DataFrame(
        {
            "planungsbereich": list("VWXYZ"),
            "name": [f"Bereich {c}" for c in "VWXYZ"],
            "arztgruppe": "Hausärzte",
            "versorgungsgrad": grade,
            "status": "Regelversorgung",
            "offene_sitze": 1.0,
        }
    )
    years = pd.DataFrame(
        [
            {
                "jahr": year,
                "planungsbereich": pb,
                "name": f"Bereich {pb}",
                "arztgruppe": "Hausärzte",
                "versorgungsgrad": g - (year - 2025),
                "versorgungsgrad_p10": g - 2 * (year - 2025),
                "versorgungsgrad_p90": g,
            }
            for pb, g in zip("VWXYZ", grade, strict=True)
            for year in range(2025, 2041)
        ]
    )
    summary = plan[["planungsbereich", "name", "arztgruppe"]]
    points = rng.uniform([12.3, 50.2], [13.7, 50.9], size=(2000, 2))
    doctors = pd.DataFrame(
        {"arztgruppe": "Hausärzte", "lon": points[:, 0], "lat": points[:, 1], "synthetisch": True}
    )
    path = write_report(
        tmp_path / "gross.html",
        title="Große Region",
        bedarfsplanung=plan,
        prognose_years=years,
        prognose_summary=summary,
        areas=gpd.GeoDataFrame(areas, crs=4326),
        doctors=doctors,
    )
    assert path.stat().st_size < 3_000_000


# --------------------------------------------------------------------------------------------


def test_classes_have_their_borders_where_the_richtlinie_puts_them():
    grades = [49.9, 50.0, 74.9, 75.0, 99.9, 100.0, 110.0, 110.1, float("nan")]
    assert classify(grades).tolist() == [0, 1, 1, 2, 2, 3, 3, 4, -1]
    assert CLASS_LABELS[4] == "über 110 %"


def test_numbers_are_formatted_the_german_way():
    assert format_number(1234) == "1.234"
    assert format_number(1234567.891, 2) == "1.234.567,89"
    assert format_percent(105.24) == "105,2 %"
    assert format_percent(None) == "–"
    assert format_number(float("nan")) == "–"


def test_choropleth_svg_stands_alone_with_title_and_tooltips():
    svg = choropleth_svg(
        _areas().iloc[:2], {"A": 120.0}, title="Hausärzte & Co", tooltips={"A": "Nordtal: 120 %"}
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img" aria-label="Hausärzte &amp; Co"' in svg
    assert "<title>Nordtal: 120 %</title>" in svg
    assert "keine Angabe" in svg  # Mitte has no value


def test_forecast_chart_svg_keeps_text_and_unique_ids():
    years, _ = _prognose()
    nordtal = years[(years["planungsbereich"] == "A") & (years["arztgruppe"] == "Hausärzte")]
    first = forecast_chart_svg(nordtal, title="Nordtal", element_id="eins")
    second = forecast_chart_svg(nordtal, title="Nordtal", element_id="zwei")
    assert "ab 2033 unter 75 %" in first
    assert "<style" not in first  # matplotlib's global rule would restyle the page
    assert 'role="img" aria-label="Nordtal"' in first
    ids = set(re.findall(r'id="([^"]+)"', first))
    assert ids and ids.isdisjoint(re.findall(r'id="([^"]+)"', second))


def test_a_facharzt_chart_uses_the_50_percent_mark():
    years, _ = _prognose()
    augen = years[years["arztgruppe"] == "Augenärzte"]  # 103,6 − 4·t: below 50 % never
    svg = forecast_chart_svg(augen, title="Augenärzte")
    assert "50 % Unterversorgung" in svg
    assert "unter 50 %" not in svg


# --------------------------------------------------------------------------------------------
# Erreichbarkeit: Gemeinde Eins is close to its practice, Gemeinde Zwei far away.


def _erreichbarkeit() -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "gebiet": ["G1", "G2"],
            "name": ["Gemeinde Eins", "Gemeinde Zwei"],
            "art": ["Gemeinde", "Gemeinde"],
            "kreis": ["A", "A"],
            "einwohner": [1000.0, 3000.0],
            "minuten_naechste_praxis": [3.0, 12.5],
            "anteil_ueber_5_min": [0.1, 1.0],
            "anteil_ueber_10_min": [0.0, 0.8],
            "anteil_ueber_15_min": [0.0, 0.2],
            "hausaerzte_je_100000": [70.0, 20.0],
            "synthetisch": [True, True],
        }
    )
    table.attrs["verfahren"] = "Luftlinie × Umwegfaktor 1,3 bei 33 km/h (Pkw)"
    return table


def _standorte() -> pd.DataFrame:
    sites = pd.DataFrame(
        {
            "rang": [1, 2],
            "kandidat": ["Z1", "Z2"],
            "lon": [12.95, 12.92],
            "lat": [50.75, 50.78],
            "neu_versorgte_einwohner": [2400.0, 160.0],
            "kumuliert": [2400.0, 2560.0],
            "anteil_neu_versorgt": [0.6, 0.64],
            "name": ["Gemeinde Zwei", "Gemeinde Zwei"],
            "kreis": ["A", "A"],
        }
    )
    sites.attrs.update(
        radius=10.0,
        zielfunktion=2560.0,
        schranke=2560.0,
        schranke_art="mip",
        luecke=0.0,
        verfahren="exakt",
        status="optimal",
    )
    return sites


def _access_svg(page: str) -> str:
    figure = page.index('id="karte-erreichbarkeit"')
    return page[page.index("<svg", figure) : page.index("</svg>", figure)]


def test_without_accessibility_there_is_no_such_section(tmp_path):
    page = _write(tmp_path)
    assert 'id="erreichbarkeit"' not in page
    assert 'href="#erreichbarkeit"' not in page


def test_the_accessibility_section_shows_map_tables_and_figures(tmp_path):
    page = _write(tmp_path, erreichbarkeit=_erreichbarkeit(), standorte=_standorte())
    parser = _Structure()
    parser.feed(page)
    assert parser.errors == [] and parser.stack == []
    section = page[page.index('id="erreichbarkeit"') : page.index('id="hinweise"')]
    assert 'href="#erreichbarkeit"' in page
    assert "Luftlinie × Umwegfaktor 1,3 bei 33 km/h (Pkw)" in section
    assert "Synthetisch:" in section  # the practices behind the figures are invented
    # 80 % of Gemeinde Zwei's 3,000 of 4,000 people: 60 % of the region beyond 10 minutes.
    assert ">60,0 %</p>" in section
    assert "2.400 Einwohner; mehr als 5 Minuten: 77,5\u00a0%" in section
    # Worst served first; shares as percent; Kreis by name.
    worst = section[section.index('id="schlecht-erreichbar"') :]
    assert worst.index("Gemeinde Zwei") < worst.index("Gemeinde Eins")
    assert ">80,0 %</td>" in worst and ">Nordtal</td>" in worst
    sites = section[section.index('id="standortempfehlung"') :]
    assert ">2.400</td>" in sites and ">2.560</td>" in sites and ">64,0 %</td>" in sites
    assert "Wo würden 2 neue Hausarztpraxen am meisten helfen?" in section
    assert "binnen 10 Minuten" in section
    assert "von 2.400, die bisher weiter fahren" in section
    assert "höchstens 0,00 %" in section
    assert "2.560 Einwohner; mehr ist mit 2 neuen Praxen nachweislich nicht möglich." in section
    assert "Herkunft: duale Schranke des MIP-Lösers HiGHS" in section
    assert "bis zum Beweis der Optimalität (HiGHS), Status: optimal" in section


def test_the_minutes_map_colours_areas_by_the_minute_classes(tmp_path):
    page = _write(tmp_path, erreichbarkeit=_erreichbarkeit(), standorte=_standorte())
    svg = _access_svg(page)
    assert ">Mittlere Pkw-Fahrzeit zur nächsten Hausarztpraxis</text>" in svg  # legend heading
    assert _fill_of_area(svg, "G1") == _legend_fill(svg, "2 bis unter 4 min")
    assert _fill_of_area(svg, "G2") == _legend_fill(svg, "10 min und mehr")
    assert (
        "<title>Gemeinde Zwei\nFahrzeit zur nächsten Hausarztpraxis: 12,5 min (Mittel)\n"
        "mehr als 10 min: 80,0 % der Einwohner\n"
        "Zugang (E2SFCA): 20,0 Hausärzte je 100.000 Einwohner</title>"
    ) in svg
    assert "<title>Vorschlag 1: Gemeinde Zwei\nneu versorgt: 2.400 Einwohner" in svg
    assert svg.count("<g><title>Vorschlag") == 2
    assert SYNTHETIC_LABEL in svg
    assert "Versorgungsgrad" not in svg


def test_a_custom_classification_sets_colours_legend_and_value_format():
    classes = Classification(
        (5.0, 10.0),
        ("#111111", "#222222", "#333333"),
        ("kurz", "mittel", "lang"),
        title="Minuten",
        unit=" min",
    )
    svg = choropleth_svg(
        _areas().iloc[:2], {"A": 4.99, "B": 10.0}, title="Test", classification=classes
    )
    assert _fill_of_area(svg, "A") == _legend_fill(svg, "kurz") == "#111111"
    assert _fill_of_area(svg, "B") == _legend_fill(svg, "lang") == "#333333"
    legend = svg[svg.index('class="legende"') :]
    assert legend.index(">kurz<") < legend.index(">mittel<") < legend.index(">lang<")
    assert ">Minuten</text>" in legend
    assert "<title>Nordtal\nMinuten: 5,0 min</title>" in svg
    assert ">10,0 min</text>" in svg  # the label in the area


def test_the_default_classification_is_still_the_versorgungsgrad():
    svg = choropleth_svg(_areas().iloc[:2], {"A": 110.0, "B": 110.1}, title="Test")
    assert ">Versorgungsgrad</text>" in svg
    assert _fill_of_area(svg, "A") == _legend_fill(svg, "100 bis 110 %")
    assert _fill_of_area(svg, "B") == _legend_fill(svg, "über 110 %")


def test_a_classification_needs_one_colour_and_label_more_than_breaks():
    with pytest.raises(ValueError, match="eine Farbe und eine Beschriftung mehr als Grenzen"):
        Classification((5.0,), ("#111111",), ("a",), title="x")
    with pytest.raises(ValueError, match="aufsteigen"):
        Classification((5.0, 5.0), ("#1", "#2", "#3"), ("a", "b", "c"), title="x")


def test_fahrzeit_classes_are_sequential_in_minutes():
    assert FAHRZEIT.classify([0, 1.99, 2, 9.99, 10, 60, float("nan")]).tolist() == [
        0,
        0,
        1,
        4,
        5,
        5,
        -1,
    ]
    assert FAHRZEIT.labels[0] == "unter 2 min" and FAHRZEIT.labels[-1] == "10 min und mehr"


def test_the_thresholds_drawn_and_written_are_those_of_every_rule_version():
    from gesundheitsregion import _numbers
    from gesundheitsregion.rules import available_versions, load_rules

    for version in available_versions():
        rules = load_rules(version)
        assert rules.ueberversorgung == _numbers.UEBERVERSORGUNG
        for key, level in rules.versorgungsebenen.items():
            expected = (
                _numbers.UNTERVERSORGUNG_HAUSAERZTE
                if key == "hausaerztlich"
                else _numbers.UNTERVERSORGUNG_FACHAERZTE
            )
            assert level.unterversorgung == expected, (version, key)
    assert _numbers.CLASS_BREAKS == (50.0, 75.0, 100.0, 110.0)


def test_a_frame_widens_a_single_point_around_its_centre():
    from gesundheitsregion.report.svg import Frame

    frame = Frame.around(
        (500.0, 500.0, 500.0, 500.0), width=110, max_height=110, pad=5, min_extent=1000.0
    )
    # 1,000 m across 100 units: 0.1 units per metre, the point in the middle.
    assert frame.scale == pytest.approx(0.1)
    assert frame.pixels([[500.0, 500.0]]).tolist() == [[55.0, 55.0]]
    assert (frame.width, frame.height) == pytest.approx((110.0, 110.0))


def test_path_data_leaves_out_rings_collapsed_below_one_unit():
    import shapely

    from gesundheitsregion.report.svg import Frame, path_data

    frame = Frame.around((0.0, 0.0, 100.0, 100.0), width=10, max_height=10, pad=0)
    # shapely.box runs from (maxx, miny) counter-clockwise; y grows downwards in SVG.
    big, tiny = shapely.box(0, 0, 100, 100), shapely.box(50, 50, 52, 52)
    assert path_data([big, tiny, shapely.MultiPolygon([big, tiny])], frame) == [
        "M10 10L10 0 0 0 0 10Z",
        "",
        "M10 10L10 0 0 0 0 10Z",
    ]
