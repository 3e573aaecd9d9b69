"""Areas with real boundaries and residents' reports filed through the service."""

import re
from decimal import Decimal

from partners.models import Area
from tests.partners.factories import AreaFactory

# A square around Handen's centre (59.16–59.18 N, 18.13–18.16 E), as a GIS export would give it.
HANDEN_SQUARE = {
    "type": "Polygon",
    "coordinates": [[[18.13, 59.16], [18.16, 59.16], [18.16, 59.18], [18.13, 59.18], [18.13, 59.16]]],
}
INSIDE = (Decimal("59.170000"), Decimal("18.145000"))
OUTSIDE = (Decimal("59.300000"), Decimal("18.500000"))


def area_with_boundary(name: str, geometry: dict) -> Area:
    area = AreaFactory(name=name)
    area.boundary = geometry
    area.save()
    return area


def link_in(body: str, kind: str) -> str:
    """The path of the confirmation ("bekrafta") or tracking ("arende") link in an e-mail."""
    match = re.search(rf"https://samverkan\.example(/felanmalan/{kind}/[^\s]+/)", body)
    assert match, body
    return match.group(1)
