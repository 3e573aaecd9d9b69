"""Every role against every view of partners/, hub/ and the notifications page, with the expected status."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from partners import services
from partners.models import Membership
from tests.partners.factories import make_member

# Also in the PostgreSQL pass: the access rules are querysets, and the databases differ.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

ROLES = [
    "anonymous",
    "member",
    "org_admin",
    "signatory",
    "chair",
    "leader",
    "coordinator",
    "deactivated",
    "outsider_admin",
]
LOGIN = 302  # anonymous and deactivated users are sent to the login page


def row(default, **overrides):
    """Expected status per role: `default` for members of the network unless overridden."""
    expected = {role: default for role in ROLES}
    expected.update({"anonymous": LOGIN, "deactivated": LOGIN})
    expected.update(overrides)
    return expected


MANAGE = dict(org_admin=200, coordinator=200)
MANAGE_POST = dict(org_admin=302, coordinator=302)

# (url name, method, what the URL points at, expected status per role)
MATRIX = [
    ("dashboard", "get", None, row(200)),
    ("healthz", "get", None, {role: 200 for role in ROLES}),
    ("favicon", "get", None, {role: 301 for role in ROLES}),
    ("my_data", "get", None, row(200)),
    ("my_data", "post", None, row(200)),
    ("extend_session", "post", None, row(302)),
    ("partners:directory", "get", None, row(200)),
    ("partners:mine", "get", None, row(302)),
    ("partners:organisation", "get", "organisation", row(200)),
    ("partners:organisation_create", "get", None, row(403, coordinator=200)),
    ("partners:organisation_create", "post", None, row(403, coordinator=200)),
    ("partners:organisation_edit", "get", "organisation", row(403, **MANAGE)),
    ("partners:invite", "get", "organisation", row(403, **MANAGE)),
    ("partners:invite", "post", "organisation", row(403, **MANAGE)),
    ("partners:organisation_deactivate", "post", "organisation", row(403, coordinator=302)),
    ("partners:organisation_reactivate", "post", "organisation", row(403, coordinator=302)),
    ("partners:deactivate", "post", "membership", row(404, **MANAGE_POST)),
    ("partners:reactivate", "post", "membership", row(404, **MANAGE_POST)),
    ("partners:signatory", "post", "membership", row(404, **MANAGE_POST)),
    ("partners:member_role", "post", "membership", row(404, **MANAGE_POST)),
    ("partners:revoke_invitation", "post", "invitation", row(404, **MANAGE_POST)),
    (
        "partners:accept_invitation",
        "get",
        "token",
        {**{role: 409 for role in ROLES}, "anonymous": 200, "deactivated": 200},
    ),
    ("partners:areas", "get", None, row(200)),
    ("partners:areas", "post", None, row(403, coordinator=302)),
    ("partners:area_edit", "get", "area", row(403, coordinator=200)),
    ("partners:area_boundaries", "post", None, row(403, coordinator=302)),
    ("partners:roles", "get", None, row(403, coordinator=200)),
    ("partners:roles", "post", None, row(403, coordinator=302)),
    ("partners:audit", "get", None, row(403, coordinator=200)),
    ("realtime:list", "get", None, row(200)),
    ("realtime:preferences", "get", None, row(200)),
    ("realtime:mark_all_read", "post", None, row(302)),
    ("realtime:mark_read", "post", "notification", row(404, member=302)),
    ("realtime:preferences", "get", None, row(200)),
    ("realtime:preferences", "post", None, row(302)),
]

COVERED_NAMESPACES = ("partners", "realtime")


@pytest.fixture
def world(
    organisation, member, org_admin, signatory, chair, leader, coordinator, deactivated, outsider_admin
):
    from partners.models import Area
    from realtime.models import Notification

    target = make_member(organisation, email="target@example.test", full_name="Tove Target")
    issued = services.invite_member(by=org_admin, organisation=organisation, email="invited@example.test")
    return {
        "users": {
            "anonymous": None,
            "member": member,
            "org_admin": org_admin,
            "signatory": signatory,
            "chair": chair,
            "leader": leader,
            "coordinator": coordinator,
            "deactivated": deactivated,
            "outsider_admin": outsider_admin,
        },
        "organisation": organisation.pk,
        "membership": target.membership.pk,
        "invitation": issued.invitation.pk,
        "token": issued.token,
        "area": Area.objects.create(name="Handen").pk,
        "notification": Notification.objects.create(recipient=member, kind="test", text="Hej").pk,
    }


POST_DATA = {
    "partners:organisation_create": {},
    "partners:invite": {},
    "partners:signatory": {"is_signatory": "on"},
    "partners:member_role": {"role": Membership.Role.ORG_ADMIN},
    "partners:areas": {"name": "Vendelsö", "is_active": "on"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "target", "expected"), MATRIX, ids=[f"{m[1]}:{m[0]}" for m in MATRIX]
)
def test_role_gets_expected_status(world, client_for, role, name, method, target, expected):
    args = [world[target]] if target else []
    url = reverse(name, args=args)
    client = client_for(world["users"][role])
    data = POST_DATA.get(name, {})
    if name == "partners:roles":
        data = {"user": world["users"]["member"].pk, "role": "chair", "granted": "on"}
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"


def test_every_partners_and_hub_view_has_a_row_in_the_matrix():
    covered = {name for name, *_ in MATRIX}
    resolver = get_resolver()
    missing = []
    for namespace in COVERED_NAMESPACES:
        for name in resolver.namespace_dict[namespace][1].reverse_dict:
            if isinstance(name, str) and f"{namespace}:{name}" not in covered:
                missing.append(f"{namespace}:{name}")
    # hub's own views: the top-level routes that are not an include()
    missing += [
        pattern.name
        for pattern in resolver.url_patterns
        if isinstance(pattern, URLPattern) and pattern.name not in covered
    ]
    assert not missing, f"views without a permission matrix row: {missing}"
