"""Area boundaries from a GeoJSON file, and the point in an area."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from partners import geo, services
from partners.models import AuditEvent
from tests.partners.factories import AreaFactory

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[18.13, 59.16], [18.16, 59.16], [18.16, 59.18], [18.13, 59.18], [18.13, 59.16]]],
}
BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[18.0, 59.0], [18.1, 59.1], [18.1, 59.0], [18.0, 59.1], [18.0, 59.0]]],
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def feature(name, geometry=SQUARE, key="name"):
    return {"type": "Feature", "properties": {key: name}, "geometry": geometry}


def test_a_point_inside_the_polygon_finds_its_area(db):
    area = AreaFactory(name="Handen", boundary=SQUARE)
    assert geo.containing([area], latitude=59.17, longitude=18.145) == area
    assert geo.containing([area], latitude=59.30, longitude=18.145) is None


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"not json", "not GeoJSON"),
        (json.dumps({"type": "Feature"}).encode(), "FeatureCollection"),
        (collection(), "no features"),
        (collection({"type": "Feature", "properties": {}, "geometry": SQUARE}), "naming its area"),
        (
            collection(feature("Handen", {"type": "Point", "coordinates": [18, 59]})),
            "Polygon or MultiPolygon",
        ),
        (collection(feature("Handen", BOWTIE)), "crosses itself"),
        (collection(feature("Handen"), feature("Handen")), "twice"),
        (
            collection(
                feature(
                    "Handen",
                    {
                        "type": "Polygon",
                        "coordinates": [
                            [[650000, 6560000], [651000, 6560000], [651000, 6561000], [650000, 6560000]]
                        ],
                    },
                )
            ),
            "WGS 84",
        ),
    ],
)
def test_an_invalid_file_is_refused_with_a_clear_error(data, says):
    with pytest.raises(ValidationError) as error:
        geo.parse_boundaries(data)
    assert says in " ".join(error.value.messages)


def test_a_coordinator_imports_boundaries_for_named_areas(coordinator):
    handen = AreaFactory(name="Handen")
    services.import_area_boundaries(by=coordinator, data=collection(feature("Handen")))
    handen.refresh_from_db()
    assert handen.boundary["type"] == "Polygon"
    assert AuditEvent.objects.filter(action="area.boundary").count() == 1


def test_a_file_naming_an_unknown_area_changes_nothing(coordinator):
    handen = AreaFactory(name="Handen")
    with pytest.raises(ValidationError) as error:
        services.import_area_boundaries(
            by=coordinator, data=collection(feature("Handen"), feature("Atlantis"))
        )
    assert "Atlantis" in str(error.value)
    handen.refresh_from_db()
    assert handen.boundary is None


def test_only_coordinators_import_boundaries(member):
    with pytest.raises(PermissionDenied):
        services.import_area_boundaries(by=member, data=collection(feature("Handen")))


def test_the_import_page_shows_the_error_for_a_bad_file(client_for, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(coordinator)
    response = client.post(
        "/partners/areas/boundaries/",
        {"file": SimpleUploadedFile("omraden.geojson", b"{]"), "name_property": "name"},
        follow=True,
    )
    assert "not GeoJSON" in response.content.decode() or "inte GeoJSON" in response.content.decode()


def test_the_choropleth_shades_areas_by_count_and_escapes_names(db):
    busiest = AreaFactory(name="Handen <b>", boundary=SQUARE)
    quiet = AreaFactory(
        name="Jordbro",
        boundary={
            "type": "Polygon",
            "coordinates": [[[18.13, 59.13], [18.16, 59.13], [18.16, 59.16], [18.13, 59.16], [18.13, 59.13]]],
        },
    )
    no_boundary = AreaFactory(name="Utan gräns")
    svg = geo.choropleth_svg([(busiest, 8), (quiet, 0), (no_boundary, 3)], title="Veckans karta")
    assert svg.startswith("<svg") and 'aria-label="Veckans karta"' in svg
    assert f'fill="{geo.SHADES[-1]}"' in svg and f'fill="{geo.SHADES[0]}"' in svg
    assert "Handen &lt;b&gt;" in svg and "<b>" not in svg
    assert "Utan gräns" not in svg


def test_no_boundaries_no_choropleth(db):
    assert geo.choropleth_svg([(AreaFactory(name="Handen"), 3)], title="x") == ""
