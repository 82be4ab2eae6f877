"""The demo region Südwestsachsen, checked against the open data files read independently."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from gesundheitsregion import datadir, io, schema
from gesundheitsregion.demo import (
    KREISE,
    KREISTYPEN_ANNAHME,
    DemoDataError,
    build_demo_region,
    write_demo_inputs,
)
from gesundheitsregion.rules import load_rules

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

#: Allgemeine Verhältniszahlen of the G-BA decision of 16.01.2025, Kreistyp 1–6 (DOMAIN.md § 2).
VERHAELTNISZAHLEN_2025 = {
    "Augenärzte": (12703, 19179, 23446, 21001, 19591, 19379),
    "Chirurgen und Orthopäden": (9145, 14123, 17003, 16034, 14753, 13577),
    "Frauenärzte": (3828, 5762, 6774, 6533, 6196, 5696),
    "Hautärzte": (21238, 34940, 41904, 41027, 39185, 34971),
    "HNO-Ärzte": (17390, 26508, 33914, 32538, 31256, 24925),
    "Nervenärzte": (13578, 20802, 25000, 23777, 22512, 20386),
    "Psychotherapeuten": (3155, 5287, 6354, 6044, 5722, 5182),
    "Urologen": (26734, 42435, 49612, 46540, 44302, 34938),
    "Kinder- und Jugendärzte": (2043, 2862, 2862, 2862, 2862, 2862),
}


@pytest.fixture(scope="module")
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.fail(f"offene Daten fehlen unter {DATA}: ../shared/data neben dem Checkout erwartet")
    return DATA


@pytest.fixture(scope="module")
def region(data_dir):
    return build_demo_region(data_dir, seed=2025)


@pytest.fixture(scope="module")
def memilio(data_dir) -> pd.DataFrame:
    path = data_dir / datadir.KREISE_ALTERSGRUPPEN_2024
    return pd.read_csv(path, dtype={"ags": str}).set_index("ags").loc[KREISE]


@pytest.fixture(scope="module")
def kreis_polygons(data_dir) -> gpd.GeoSeries:
    kreise = gpd.read_file(data_dir / datadir.KREISE)
    return kreise.set_index("AGS").geometry.loc[KREISE]


def _ages(aerzte: pd.DataFrame) -> pd.Series:
    return 2024 - aerzte["geburtsjahr"]


def _population(region, art: str, stichtag: str) -> pd.Series:
    ids = region.gebiete.loc[region.gebiete["art"] == art, "id"]
    b = region.bevoelkerung
    rows = b[
        b["gebiet"].isin(ids)
        & (b["stichtag"] == stichtag)
        & (b["altersgruppe"] == "insgesamt")
        & (b["geschlecht"] == "insgesamt")
    ]
    return rows.set_index("gebiet")["einwohner"]


# --- gebiete ---------------------------------------------------------------------------------


def test_it_has_the_five_kreise_and_the_39_stadtteile(region):
    art = region.gebiete["art"]
    assert sorted(region.gebiete.loc[art == "Kreis", "id"]) == KREISE
    stadtteile = region.gebiete[art == "Stadtteil"]
    assert len(stadtteile) == 39
    assert set(stadtteile["uebergeordnet"]) == {"14511000"}
    assert {"14511000-01", "14511000-91", "14511000-97"} <= set(stadtteile["id"])


def test_gebiete_form_a_tree_with_unique_ids_in_wgs84(region):
    gebiete = region.gebiete
    assert gebiete["id"].is_unique
    assert gebiete.crs.to_epsg() == 4326
    parent_art = gebiete.set_index("id")["art"]
    children = gebiete[gebiete["art"] != "Kreis"]
    expected = children["art"].map({"Gemeinde": "Kreis", "Stadtteil": "Gemeinde"})
    assert (parent_art.reindex(children["uebergeordnet"]).to_numpy() == expected.to_numpy()).all()
    assert gebiete.geometry.is_valid.all() and gebiete.geometry.notna().all()


def test_gemeinde_count_per_kreis_matches_gv100ad_and_vg5000(region, data_dir):
    gv = pd.read_csv(data_dir / datadir.GV100AD, dtype=str)
    gv_count = gv[gv["kreis_ags"].isin(KREISE)].groupby("kreis_ags").size()
    vg = gpd.read_file(data_dir / datadir.GEMEINDEN_SACHSEN)
    vg_count = vg[vg["AGS"].str[:5].isin(KREISE)].groupby(vg["AGS"].str[:5]).size()
    gemeinden = region.gebiete[region.gebiete["art"] == "Gemeinde"]
    ours = gemeinden.groupby("uebergeordnet").size()
    assert ours.to_dict() == gv_count.to_dict()
    # VG5000 (2021) still has Ostrau and Zschaitz-Ottewig, merged to Jahnatal on 01.01.2023.
    assert (vg_count - ours).to_dict() == {
        "14511": 0,
        "14521": 0,
        "14522": 1,
        "14523": 0,
        "14524": 0,
    }


# --- bevoelkerung ----------------------------------------------------------------------------


def test_gemeinde_population_adds_up_to_the_raw_gv100ad_kreis_total(region, data_dir):
    raw = (data_dir / datadir.GV100AD_RAW).read_text("utf-8")
    # Satzart 60 (Gemeinde): AGS in columns 11–18, population in columns 140–150.
    records = [line for line in raw.splitlines() if line.startswith("60")]
    published = pd.Series([int(r[139:150]) for r in records], index=[r[10:15] for r in records])
    published = published[published.index.isin(KREISE)].groupby(level=0).sum()
    per_gemeinde = _population(region, "Gemeinde", "2022-12-31")
    ours = per_gemeinde.groupby(per_gemeinde.index.str[:5]).sum()
    assert ours.to_dict() == published.to_dict()
    assert per_gemeinde["14511000"] == 248563  # Chemnitz, README of the data


def test_kreis_population_is_the_2024_memilio_table(region, memilio):
    assert _population(region, "Kreis", "2024-12-31").to_dict() == memilio["population"].to_dict()
    b = region.bevoelkerung
    ages = b[(b["gebiet"].isin(KREISE)) & ~b["altersgruppe"].isin(["insgesamt"])]
    assert ages.groupby("gebiet")["einwohner"].sum().to_dict() == memilio["population"].to_dict()


def test_population_sexes_add_up_and_keys_are_unique(region):
    b = region.bevoelkerung
    assert not b.duplicated(["gebiet", "stichtag", "altersgruppe", "geschlecht"]).any()
    totals = b[b["altersgruppe"] == "insgesamt"].pivot_table(
        index=["gebiet", "stichtag"], columns="geschlecht", values="einwohner"
    )
    assert (totals["m"] + totals["w"] == totals["insgesamt"]).all()


def test_stadtteile_add_up_to_the_chemnitz_total_of_2024(region):
    stadtteile = _population(region, "Stadtteil", "2024-12-31")
    assert len(stadtteile) == 39
    assert stadtteile.sum() == 245618  # Chemnitz 31.12.2024, README of the data
    b = region.bevoelkerung
    ages = b[b["gebiet"].isin(stadtteile.index) & b["altersgruppe"].isin(["0-17", "18-64", "65+"])]
    assert (ages.groupby("gebiet")["einwohner"].sum() == stadtteile).all()
    under_18 = ages.loc[ages["altersgruppe"] == "0-17", "einwohner"].sum()
    assert under_18 == 5317 + 6405 + 20716 + 6643  # memilio age groups 0–17 of Chemnitz


def test_stadtteil_population_is_plausible(region, data_dir):
    stadtteile = _population(region, "Stadtteil", "2024-12-31")
    names = region.gebiete.set_index("id")["name"]
    by_name = stadtteile.rename(index=names).sort_values(ascending=False)
    # Dense inner-city Stadtteile lead, villages incorporated into the city are small.
    assert {"Kaßberg", "Gablenz", "Zentrum"} <= set(by_name.index[:5])
    assert (by_name[["Euba", "Kleinolbersdorf-Altenhain", "Erfenschlag"]] < 2500).all()
    # A different method on the same grid: each cell wholly to the Stadtteil of its centre.
    grid = pd.read_csv(data_dir / datadir.GRID_1KM)
    shapes = region.gebiete[region.gebiete["art"] == "Stadtteil"].to_crs("EPSG:3035")
    centres = gpd.GeoDataFrame(
        grid, geometry=gpd.points_from_xy(grid["x_mp_1km"], grid["y_mp_1km"]), crs="EPSG:3035"
    )
    joined = gpd.sjoin(centres, shapes[["id", "geometry"]], predicate="within")
    by_centre = joined.groupby("id")["Einwohner"].sum().reindex(stadtteile.index, fill_value=0)
    assert np.corrcoef(by_centre, stadtteile)[0, 1] > 0.9


# --- planungsbereiche ------------------------------------------------------------------------


def test_planungsbereiche_are_the_kreise_with_2024_figures(region, memilio):
    pb = region.planungsbereiche.set_index("planungsbereich")
    assert list(pb.index) == KREISE
    assert pb["einwohner"].to_dict() == memilio["population"].to_dict()
    under_18 = memilio[["age_0_2", "age_3_5", "age_6_14", "age_15_17"]].sum(axis=1)
    assert pb["einwohner_unter_18"].to_dict() == under_18.to_dict()
    share = pb["einwohner_weiblich"] / pb["einwohner"]
    assert share.between(0.49, 0.53).all()
    assert pb["kreistyp"].to_dict() == KREISTYPEN_ANNAHME
    assert pb["verteilungsfaktor"].isna().all()


# --- aerzte ----------------------------------------------------------------------------------


def test_doctor_counts_follow_the_published_inhabitants_per_doctor(region, data_dir, memilio):
    density = pd.read_csv(
        data_dir / datadir.ARZTDICHTE,
        dtype={"kreg": str},
    )
    density = density[density["year"] == 2016].set_index(["kreg", "category"])["einwohner_je_arzt"]
    aerzte = region.aerzte
    is_ha = aerzte["arztgruppe"] == "Hausärzte"
    for kreis in KREISE:
        people = memilio.loc[kreis, "population"]
        mine = aerzte["planungsbereich"] == kreis
        assert (mine & is_ha).sum() == round(people / density[(kreis + "000", "HAUS")])
        assert (mine & ~is_ha).sum() == round(people / density[(kreis + "000", "ALLGFA")])


def test_fachgruppen_split_follows_the_soll_of_the_kreistyp(region):
    pb = region.planungsbereiche.set_index("planungsbereich")
    fa = region.aerzte[region.aerzte["arztgruppe"] != "Hausärzte"]
    counts = fa.groupby(["planungsbereich", "arztgruppe"]).size()
    bezug = {"Frauenärzte": "einwohner_weiblich", "Kinder- und Jugendärzte": "einwohner_unter_18"}
    for kreis, row in pb.iterrows():
        soll = pd.Series(
            {
                group: row[bezug.get(group, "einwohner")] / ratios[row["kreistyp"] - 1]
                for group, ratios in VERHAELTNISZAHLEN_2025.items()
            }
        )
        expected = soll / soll.sum() * counts[kreis].sum()
        assert (counts[kreis].reindex(soll.index) - expected).abs().max() < 1


def test_rules_have_the_verhaeltniszahlen_of_2025():
    rules = load_rules("2025-01-16")
    for group, ratios in VERHAELTNISZAHLEN_2025.items():
        assert [rules.group(group).verhaeltniszahl(t) for t in range(1, 7)] == list(ratios)


def test_hausarzt_ages_match_the_saxon_figures(region):
    ages = _ages(region.aerzte[region.aerzte["arztgruppe"] == "Hausärzte"])
    assert abs(ages.mean() - 55.4) <= 1.0
    assert abs((ages >= 60).mean() - 0.33) <= 0.05
    assert ages.between(30, 80).all()


def test_every_practice_lies_in_its_kreis(region, kreis_polygons):
    aerzte = region.aerzte
    polygons = kreis_polygons.reindex(aerzte["planungsbereich"]).to_numpy()
    assert shapely.contains_xy(polygons, aerzte["lon"], aerzte["lat"]).all()


def test_every_chemnitz_practice_lies_in_a_stadtteil(region):
    chemnitz = region.aerzte[region.aerzte["planungsbereich"] == "14511"]
    stadtteile = region.gebiete[region.gebiete["art"] == "Stadtteil"].geometry.union_all()
    assert shapely.contains_xy(stadtteile, chemnitz["lon"], chemnitz["lat"]).all()


def test_every_doctor_is_synthetic_with_a_unique_id(region):
    aerzte = region.aerzte
    assert aerzte["synthetisch"].all()
    assert aerzte["standort_genau"].all()
    assert aerzte["id"].is_unique
    assert aerzte["id"].str.fullmatch(r"SYN-[A-Z]{2}-\d{5}").all()
    assert "SYN-HA-00001" in set(aerzte["id"])
    assert set(aerzte["anrechnungsfaktor"]) <= {0.5, 0.75, 1.0}
    assert (aerzte["anrechnungsfaktor"] == 1.0).mean() > 0.7


def test_the_same_seed_gives_the_same_tables(region, data_dir):
    again = build_demo_region(data_dir, seed=2025)
    pd.testing.assert_frame_equal(again.aerzte, region.aerzte)
    pd.testing.assert_frame_equal(again.bevoelkerung, region.bevoelkerung)


def test_another_seed_gives_other_practices_but_the_same_counts(region, data_dir):
    other = build_demo_region(data_dir, seed=7)
    assert not other.aerzte[["lon", "lat"]].equals(region.aerzte[["lon", "lat"]])
    assert not other.aerzte["geburtsjahr"].equals(region.aerzte["geburtsjahr"])
    assert (
        other.aerzte["arztgruppe"].value_counts().equals(region.aerzte["arztgruppe"].value_counts())
    )


# --- krankenhaeuser, hinweise, files ---------------------------------------------------------


def test_hospitals_are_the_real_sites_in_the_region(region):
    kh = region.krankenhaeuser
    assert len(kh) == 42
    assert set(kh["kreis"]) == set(KREISE)
    names = set(kh["name"])
    assert {
        "Klinikum Chemnitz gGmbH",
        "DRK Krankenhaus Chemnitz-Rabenstein",
        "EKA Erzgebirgsklinikum Annaberg gGmbH",
        "Helios Vogtland-Klinikum Plauen",
        "Rudolf Virchow Klinikum Glauchau gGmbH",
    } <= names
    assert kh["id"].is_unique
    assert kh["plz"].str.fullmatch(r"0[89]\d{3}|04\d{3}").all()


def test_hinweise_state_that_practices_are_synthetic_and_kreistyp_is_assumed(region):
    text = " ".join(region.hinweise)
    assert "synthetisch" in text
    assert "Annahme Kreistyp" in text
    assert "Verteilungsfaktor" in text
    assert "Mittelbereiche" in text


def test_written_inputs_pass_the_validation(region, tmp_path):
    paths = write_demo_inputs(region, tmp_path)
    assert set(paths) == {
        "planungsbereiche",
        "aerzte",
        "bevoelkerung",
        "krankenhaeuser",
        "gebiete",
        "hinweise",
    }
    for name in ("planungsbereiche", "bevoelkerung", "krankenhaeuser", "gebiete"):
        table = io.read_table(paths[name], schema.SCHEMAS[name])
        assert len(table) == len(getattr(region, name))
    planungsbereiche = io.load_planungsbereiche(paths["planungsbereiche"])
    aerzte = io.load_aerzte(
        paths["aerzte"], list(load_rules().groups), planungsbereiche=planungsbereiche
    )
    assert len(aerzte) == len(region.aerzte)
    assert planungsbereiche["planungsbereich"].tolist() == KREISE
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_missing_data_file_is_named_in_german(tmp_path):
    with pytest.raises(DemoDataError, match=r"kreise_de_vg5000_2021-01-01\.geojson.*fehlt"):
        build_demo_region(tmp_path)


def test_a_wrong_kreistyp_is_refused_in_german(data_dir):
    with pytest.raises(ValueError, match="Kreistyp fehlt oder ist nicht 1 bis 6"):
        build_demo_region(data_dir, kreistypen={"14511": 7})


# --- the demo's input files with the commands they are written for ---------------------------


@pytest.fixture(scope="module")
def demo_inputs(region, tmp_path_factory) -> dict[str, Path]:
    return write_demo_inputs(region, tmp_path_factory.mktemp("eingaben"))


def _planning_args(paths: dict[str, Path]) -> list[str]:
    return [
        "--bereiche",
        str(paths["planungsbereiche"]),
        "--aerzte",
        str(paths["aerzte"]),
    ]  # no --stichtag: the demo's doctors' file names its own


def test_bedarfsplanung_runs_on_the_demo_inputs(demo_inputs, tmp_path, capsys):
    from gesundheitsregion.cli import main

    out = tmp_path / "bedarfsplanung.csv"
    assert main(["bedarfsplanung", *_planning_args(demo_inputs), "--out", str(out)]) == 0
    table = pd.read_csv(out, dtype={"planungsbereich": str})
    assert set(table["planungsbereich"]) == set(KREISE)
    assert "Problem" not in capsys.readouterr().err


def test_prognose_runs_on_the_demo_population_file(region, demo_inputs, tmp_path, capsys):
    """The demo's bevoelkerung.csv holds Kreise, Gemeinden and Stadtteile; prognose takes the
    Kreise (the Planungsbereiche) by age group and ages them, as the library does."""
    from gesundheitsregion.bevoelkerung import population_by_year
    from gesundheitsregion.cli import main

    out = tmp_path / "prognose.csv"
    args = ["prognose", *_planning_args(demo_inputs), "--jahre", "5", "--laeufe", "20"]
    args += ["--bevoelkerung", str(demo_inputs["bevoelkerung"]), "--out", str(out)]
    assert main(args) == 0
    assert "Zeilen zu anderen Gebieten" in capsys.readouterr().out
    years = pd.read_csv(out, dtype={"planungsbereich": str})
    hausaerzte = years[years["arztgruppe"] == "Hausärzte"].set_index(["planungsbereich", "jahr"])
    # Recomputed with the library from the Kreis rows of the demo table.
    kreise = region.bevoelkerung[
        region.bevoelkerung["gebiet"].isin(KREISE)
        & (region.bevoelkerung["altersgruppe"] != "insgesamt")
    ].rename(columns={"gebiet": "planungsbereich"})
    expected = population_by_year(
        region.planungsbereiche, start_year=2024, horizon=5, base=kreise
    ).set_index(["planungsbereich", "jahr"])["einwohner"]
    base = region.planungsbereiche.set_index("planungsbereich")["einwohner"]
    for kreis in KREISE:
        growth = expected.loc[(kreis, 2029)] / expected.loc[(kreis, 2024)]
        assert hausaerzte.loc[(kreis, 2029), "einwohner"] == pytest.approx(base[kreis] * growth)
        assert growth != 1  # the file was used, not a constant population
