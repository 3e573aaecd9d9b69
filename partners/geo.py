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


# --- a printable choropleth -------------------------------------------------------------------

# Five steps of one blue, light to dark (contrast against the white page and with the label's text).
SHADES = ("#eef3fa", "#c6d7ee", "#8fb1dc", "#4f7fbf", "#1d4f91")


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def choropleth_svg(counts: Iterable[tuple[Any, int]], *, title: str, width: int = 560) -> str:
    """An SVG map of areas shaded by a count, drawn on the server from the boundaries: it prints and
    needs no tiles. `counts` holds (area, count); areas without a boundary are left out. Returns ""
    when no area has one. The same figures must be on the page in text (the SVG is one image)."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    shapes = [(area, count, _rings(area.boundary)) for area, count in counts if area.boundary]
    shapes = [shape for shape in shapes if shape[2]]
    if not shapes:
        return ""
    points = [point for _area, _count, rings in shapes for ring in rings for point in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    # Equirectangular, with longitude shrunk by the cosine of the middle latitude (true shape locally).
    squeeze = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * squeeze, 1e-9)
    span_y = max(north - south, 1e-9)
    margin = 8
    scale = (width - 2 * margin) / span_x
    height = round(span_y * scale + 2 * margin)
    top = max(count for _area, count, _rings in shapes) or 1

    def xy(point: list[float]) -> str:
        return f"{margin + (point[0] - west) * squeeze * scale:.1f},{margin + (north - point[1]) * scale:.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="choropleth" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
    ]
    for area, count, rings in shapes:
        shade = (
            SHADES[min(len(SHADES) - 1, int(count / top * (len(SHADES) - 1) + 0.5))] if count else SHADES[0]
        )
        path = " ".join("M" + " L".join(xy(point) for point in ring) + " Z" for ring in rings)
        label_point = shape({"type": "Polygon", "coordinates": [rings[0]]}).representative_point()
        lx, ly = xy([label_point.x, label_point.y]).split(",")
        ink = "#ffffff" if shade in SHADES[3:] else "#111111"
        parts.append(
            f"<g><title>{escape(area.name)}: {count}</title>"
            f'<path d="{path}" fill="{shade}" stroke="#333333" stroke-width="1"/>'
            f'<text x="{lx}" y="{ly}" text-anchor="middle" font-size="12" fill="{ink}">'
            f'<tspan x="{lx}">{escape(area.name)}</tspan>'
            f'<tspan x="{lx}" dy="14" font-weight="bold">{count}</tspan>'
            f"</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text inside is escaped above
