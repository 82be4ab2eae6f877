from types import SimpleNamespace

import pytest

from registry import geo, maps


def org(name, lon, lat, approximate=False, pk=1):
    return SimpleNamespace(
        name=name,
        city="Chemnitz",
        lon=lon,
        lat=lat,
        location_approximate=approximate,
        get_absolute_url=lambda: f"/partner/{pk}/",
    )


def test_it_draws_the_kreise_around_the_partners():
    svg = maps.partner_map_svg([org("Klinikum", 12.92, 50.83)])
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<title>Chemnitz</title>" in svg
    assert '<a href="/partner/1/"' in svg


def test_it_escapes_names():
    svg = maps.partner_map_svg([org('<script>"x"</script>', 12.92, 50.83)])
    assert "<script>" not in svg
    assert "&lt;script&gt;&quot;x&quot;&lt;/script&gt;" in svg


def test_approximate_locations_are_rings():
    svg = maps.partner_map_svg([org("A", 12.92, 50.83, approximate=True)])
    assert 'fill="#ffffff" stroke="#0b6e4f"' in svg
    assert "(Lage ungefähr)" in svg


def test_without_partners_it_shows_the_default_land():
    svg = maps.partner_map_svg([])
    assert "<title>Dresden</title>" in svg and "<circle" not in svg


def test_without_boundary_data_it_draws_the_points_alone(monkeypatch):
    monkeypatch.setattr(geo, "kreise", lambda: None)
    svg = maps.partner_map_svg([org("A", 12.92, 50.83), org("B", 12.49, 50.72, pk=2)])
    assert svg.count("<circle") == 2 and "<path" not in svg


@pytest.mark.parametrize(
    ("lon", "lat", "kreis"),
    [
        (12.92, 50.83, "Chemnitz"),
        (12.49, 50.72, "Landkreis Zwickau"),
        (13.0, 50.6, "Erzgebirgskreis"),
        (0.0, 0.0, ""),
    ],
)
def test_kreis_at_names_the_kreis(lon, lat, kreis):
    assert geo.kreis_at(lon, lat) == kreis


def test_postcode_centroids_come_from_the_data_directory():
    lon, lat = geo.postcode_centroid("09116")
    assert 12.8 < lon < 13.0 and 50.7 < lat < 50.9
    assert geo.postcode_centroid("00000") is None


def test_it_draws_with_the_library_report_code_not_a_copy():
    from gesundheitsregion.report import svg

    assert maps.Frame is svg.Frame and maps.path_data is svg.path_data
    assert not hasattr(maps, "_Frame") and not hasattr(maps, "_path_data")
