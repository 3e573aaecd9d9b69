"""Demo boundaries for the demo areas (rough rectangles around Haninge's districts, WGS 84), so a
pin on the demo's maps finds its area; a real municipality imports its GIS export instead."""

from partners.models import Area

# (south, west, north, east)
BOXES = {
    "Handen": (59.155, 18.115, 59.182, 18.170),
    "Jordbro": (59.125, 18.115, 59.155, 18.170),
    "Brandbergen": (59.155, 18.170, 59.182, 18.215),
    "Vendelsö": (59.182, 18.115, 59.210, 18.170),
    "Västerhaninge": (59.095, 18.060, 59.155, 18.115),
}


def rectangle(south: float, west: float, north: float, east: float) -> dict:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def seed(stdout: object = None) -> None:
    for name, box in BOXES.items():
        Area.objects.filter(name=name, boundary__isnull=True).update(boundary=rectangle(*box))
