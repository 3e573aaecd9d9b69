"""Open311 over HTTP as a partner's system calls it: a real Daphne serving a migrated hub, keys made
with manage.py create_api_key, JSON and XML, a write, and a key revoked between two calls."""

import json
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.support import hub_env, manage, start_daphne, stop

SETUP = """
from django.utils import timezone
from partners.models import Area, Membership, Organisation, User
from reports.models import Report, RoutingRule
org = Organisation.objects.create(name="Haninge Bostäder AB", kind="municipal_company",
                                  organisation_number="5560000001")
other = Organisation.objects.create(name="Polisen", kind="police", organisation_number="2021000076")
area = Area.objects.create(name="Jordbro")
admin = User.objects.create_user(email="admin@example.test", full_name="Adam Admin")
Membership.objects.create(user=admin, organisation=org, role="org_admin")
reporter = User.objects.create_user(email="p@example.test", full_name="Pia Polis")
Membership.objects.create(user=reporter, organisation=other)
RoutingRule.objects.create(category="vandalism", organisation=org)
for visibility in ("network", "restricted"):
    Report.objects.create(reporter=reporter, organisation=other, area=area, category="vandalism",
                          place_text="Torget", occurred_at=timezone.now(), description="Trasig ruta.",
                          visibility=visibility, responsible_organisation=org if visibility == "network"
                          else None)
print(org.pk, area.pk)
"""

REVOKE = """
from integrations import services
from integrations.models import ApiKey
from partners.models import User
key = ApiKey.objects.get(name="Arbetsorder")
services.revoke_api_key(key=key, by=User.objects.get(email="admin@example.test"))
"""


@pytest.fixture(scope="module")
def hub():
    workdir = Path(tempfile.mkdtemp(prefix="hub-open311-"))
    env = hub_env(DATABASE_URL=f"sqlite:///{workdir / 'hub.sqlite3'}", DJANGO_MEDIA_ROOT=str(workdir / "m"))
    manage(env, "migrate", "--no-input")
    organisation, area = manage(env, "shell", "-c", SETUP).strip().splitlines()[-1].split()
    secret = manage(
        env, "create_api_key", organisation, "--scope", "read,write", "--name", "Arbetsorder"
    ).strip()
    server = start_daphne(env)
    yield server, secret, area
    stop(server.process)
    shutil.rmtree(workdir, ignore_errors=True)


def call(server, path, secret=None, data=None):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(f"{server.url}/open311/v2/{path}", data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type"), error.read()


def test_open311_over_http_in_json_and_xml_then_a_key_revoked_mid_use(hub):
    server, secret, area = hub
    status, kind, body = call(server, "discovery.xml")
    assert status == 200 and kind.startswith("text/xml")
    assert ElementTree.fromstring(body).tag == "discovery"

    status, kind, body = call(server, "requests.json", secret)
    assert status == 200 and kind.startswith("application/json")
    requests = json.loads(body)
    assert len(requests) == 1  # the restricted report of another organisation stays hidden
    assert requests[0]["agency_responsible"] == "Haninge Bostäder AB"

    status, _kind, body = call(server, f"requests/{requests[0]['service_request_id']}.xml", secret)
    assert ElementTree.fromstring(body).findtext("request/service_code") == "vandalism"

    status, _kind, body = call(
        server,
        "requests.json",
        secret,
        {
            "service_code": "vandalism",
            "address_string": "Jordbro C",
            "description": "Sprucken ruta.",
            "attribute[area]": area,
        },
    )
    assert status == 201
    created = json.loads(body)[0]["service_request_id"]
    status, _kind, body = call(
        server, f"requests/{created}/status.json", secret, {"action": "resolve", "note": "Bytt."}
    )
    assert status == 200 and json.loads(body)[0]["status"] == "closed"

    manage(server.env, "shell", "-c", REVOKE)
    status, kind, body = call(server, "requests.json", secret)
    assert status == 401
    assert json.loads(body)[0]["code"] == 401
    status, _kind, body = call(server, "requests.xml", secret)
    assert status == 401 and ElementTree.fromstring(body).findtext("error/code") == "401"
