"""Shared fixtures: one person per role, each in the organisation they need."""

from importlib import import_module

import pytest
from django.test import Client

from partners.models import Membership, Organisation, Role
from tests.partners.factories import OrganisationFactory, make_member


@pytest.fixture(autouse=True, scope="session")
def _test_notification_kinds():
    """realtime's own tests notify with kinds no domain app sends."""
    from realtime import kinds

    for kind in ("test", "test.kind", "other.kind"):
        kinds.register(kind, f"Test: {kind}")


@pytest.fixture(autouse=True, scope="session")
def _test_audit_actions():
    """The audit log's own tests record actions no domain app records."""
    from partners import audit_labels

    audit_labels.register({action: f"Test: {action}" for action in ("thing.do", "test.start")})


def pytest_collection_modifyitems(config, items):
    """Browser tests last: they are the slowest, and the rest should fail fast first."""
    items.sort(key=lambda item: "/e2e/" in str(item.fspath))


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.HUB_MFA_REQUIRED_FOR_PRIVILEGED = False
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "realtime.layers.LocalChannelLayer"}}


_flush_dropped_audit_triggers = False


@pytest.fixture(autouse=True)
def _audit_log_allows_test_flush(request):
    """Transactional tests end with Django's flush, which SQLite runs as DELETE, and the audit log's
    append-only triggers refuse that. Drop them just for the flush; every later test that uses the
    database puts them back first, so the triggers are always there while a test runs."""
    global _flush_dropped_audit_triggers
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or (
        "transactional_db" in request.fixturenames
    )
    uses_db = transactional or marker is not None or "db" in request.fixturenames
    if not uses_db:
        yield
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.db import connection

    migration = import_module("partners.migrations.0002_audit_append_only")
    if connection.vendor == "sqlite" and (transactional or _flush_dropped_audit_triggers):
        with connection.cursor() as cursor:
            for statement in migration.SQLITE:
                cursor.execute(statement)
    yield
    if transactional and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for statement in migration.SQLITE_REVERSE:
                cursor.execute(statement)
        _flush_dropped_audit_triggers = True


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Haninge Bostäder AB", kind=Organisation.Kind.MUNICIPAL_COMPANY)


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Jordbro Hyresfastigheter AB", kind=Organisation.Kind.HOUSING)


@pytest.fixture
def municipality(db):
    return OrganisationFactory(name="Haninge kommun", kind=Organisation.Kind.MUNICIPALITY)


@pytest.fixture
def member(organisation):
    return make_member(organisation, email="member@example.test", full_name="Maja Medlem")


@pytest.fixture
def org_admin(organisation):
    return make_member(
        organisation, role=Membership.Role.ORG_ADMIN, email="admin@example.test", full_name="Adam Admin"
    )


@pytest.fixture
def signatory(organisation):
    return make_member(
        organisation, signatory=True, email="signatory@example.test", full_name="Signe Signatär"
    )


@pytest.fixture
def outsider(other_organisation):
    return make_member(other_organisation, email="outsider@example.test", full_name="Olle Utomstående")


@pytest.fixture
def outsider_admin(other_organisation):
    return make_member(
        other_organisation,
        role=Membership.Role.ORG_ADMIN,
        email="outsider-admin@example.test",
        full_name="Otto Annan Admin",
    )


@pytest.fixture
def chair(municipality):
    return make_member(
        municipality, hub_roles=(Role.CHAIR,), email="chair@example.test", full_name="Cecilia Chair"
    )


@pytest.fixture
def other_chair(municipality):
    """A chair of no category the tests set up, unless a test gives them one."""
    return make_member(
        municipality, hub_roles=(Role.CHAIR,), email="chair2@example.test", full_name="Olof Ordförande"
    )


@pytest.fixture
def network_people(
    member, org_admin, signatory, chair, other_chair, leader, coordinator, deactivated, outsider
):
    """One person per role of the permission matrices, by role name (anonymous is None)."""
    return {
        "anonymous": None,
        "member": member,
        "org_admin": org_admin,
        "signatory": signatory,
        "chair": chair,
        "other_chair": other_chair,
        "leader": leader,
        "coordinator": coordinator,
        "deactivated": deactivated,
        "outsider": outsider,
    }


@pytest.fixture
def leader(municipality):
    return make_member(
        municipality, hub_roles=(Role.LEADERSHIP,), email="leader@example.test", full_name="Lars Ledning"
    )


@pytest.fixture
def coordinator(municipality):
    return make_member(
        municipality,
        hub_roles=(Role.COORDINATOR,),
        email="coordinator@example.test",
        full_name="Sara Samordnare",
    )


@pytest.fixture
def customer_service(municipality):
    return make_member(
        municipality,
        hub_roles=(Role.CUSTOMER_SERVICE,),
        email="kontaktcenter@example.test",
        full_name="Kim Kontaktcenter",
    )


@pytest.fixture
def deactivated(organisation):
    return make_member(organisation, active=False, email="gone@example.test", full_name="Gustav Gone")


@pytest.fixture
def client_for(db):
    """A logged-in test client for a user (None gives an anonymous client)."""

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make
