"""The OpenAPI description matches the routes: every Open311 route is described, nothing else."""

import re

from django.test import Client
from django.urls import get_resolver


def test_every_open311_route_is_described_and_every_described_path_exists():
    description = Client().get("/open311/v2/openapi.json").json()
    assert description["openapi"].startswith("3.")
    described = {re.sub(r"\{[a-z_]+\}", "X", path) for path in description["paths"]}
    patterns = get_resolver().namespace_dict["open311"][1].url_patterns
    routes = {"/" + re.sub(r"<[a-z:_]+>", "X", str(p.pattern)) for p in patterns if p.name != "openapi"}
    assert described == routes
