"""Area boundaries and points: reading a GeoJSON file of the municipality's districts, finding the
area a map pin falls in, and distances on the ground. Geometry is shapely's; coordinates are WGS 84
(longitude, latitude), as GeoJSON and every web map give them."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

EARTH_RADIUS_M = 6_371_000
MAX_BOUNDARY_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Boundary:
    name: str
    geometry: dict[str, Any]


def _polygon(geometry: Any, where: str) -> BaseGeometry:
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        raise ValidationError(
            _("%(where)s: the geometry must be a Polygon or MultiPolygon."), params={"where": where}
        )
    try:
        polygon = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError):
        raise ValidationError(_("%(where)s: the coordinates are not a polygon."), params={"where": where})
    if polygon.is_empty or not polygon.is_valid:
        raise ValidationError(
            _("%(where)s: the polygon is empty or crosses itself."), params={"where": where}
        )
    minx, miny, maxx, maxy = polygon.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValidationError(
            _("%(where)s: the coordinates are not longitude and latitude (WGS 84)."), params={"where": where}
        )
    return polygon


def parse_boundaries(data: bytes, *, name_property: str = "name") -> list[Boundary]:
    """A GeoJSON FeatureCollection whose features carry the area's name in `name_property`; refuses
    the whole file, saying where, on the first problem, so an import is all or nothing."""
    if len(data) > MAX_BOUNDARY_FILE_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError(_("The file is not GeoJSON (JSON could not be read)."))
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ValidationError(_("The file must be a GeoJSON FeatureCollection."))
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise ValidationError(_("The file holds no features."))
    boundaries: list[Boundary] = []
    seen: set[str] = set()
    for number, feature in enumerate(features, start=1):
        where = _("Feature %(number)s") % {"number": number}
        properties = feature.get("properties") if isinstance(feature, dict) else None
        name = properties.get(name_property) if isinstance(properties, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(
                _("%(where)s has no “%(property)s” property naming its area."),
                params={"where": where, "property": name_property},
            )
        name = name.strip()
        if name in seen:
            raise ValidationError(_("The area %(name)s appears twice in the file."), params={"name": name})
        seen.add(name)
        polygon = _polygon(feature.get("geometry"), f"{where} ({name})")
        boundaries.append(Boundary(name, json.loads(json.dumps(polygon.__geo_interface__))))
    return boundaries


@lru_cache(maxsize=256)
def _cached_shape(serialised: str) -> Any:
    from shapely.prepared import prep

    return prep(shape(json.loads(serialised)))


def geometry_of(boundary: dict[str, Any]) -> Any:
    return _cached_shape(json.dumps(boundary, sort_keys=True))


def containing(areas: Iterable[Any], *, latitude: float, longitude: float) -> Any | None:
    """The first area (with a `boundary`) whose polygon holds the point, else None."""
    point = Point(longitude, latitude)
    for area in areas:
        if area.boundary and geometry_of(area.boundary).covers(point):
            return area
    return None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine); exact enough within a municipality."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def box_around(latitude: float, longitude: float, metres: float) -> tuple[float, float, float, float]:
    """(min latitude, max latitude, min longitude, max longitude) of a square around the point."""
    dlat = math.degrees(metres / EARTH_RADIUS_M)
    dlon = math.degrees(metres / (EARTH_RADIUS_M * max(math.cos(math.radians(latitude)), 0.01)))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon
