from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partners.models import Area, Organisation, User

pytestmark = pytest.mark.django_db

README_LOGINS = [
    "samordnare@demo.test",
    "ledning@demo.test",
    "ordforande@demo.test",
    "kontaktcenter@demo.test",
    "polis@demo.test",
    "bostad@demo.test",
    "forening@demo.test",
]


def test_seed_demo_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Organisation.objects.exists()


def test_seed_demo_is_idempotent_and_creates_every_readme_login(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    counts = (Organisation.objects.count(), User.objects.count(), Area.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert counts == (Organisation.objects.count(), User.objects.count(), Area.objects.count())
    assert set(Area.objects.values_list("name", flat=True)) >= {
        "Handen",
        "Jordbro",
        "Brandbergen",
        "Vendelsö",
        "Västerhaninge",
    }
    for email in README_LOGINS:
        assert User.objects.get(email=email).check_password("samverkan-demo")


def test_demo_roles_match_the_readme(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.get(email="samordnare@demo.test").has_role("coordinator")
    assert User.objects.get(email="ledning@demo.test").has_role("leadership")
    assert User.objects.get(email="ordforande@demo.test").has_role("chair")
    assert User.objects.get(email="kontaktcenter@demo.test").has_role("customer_service")
    assert User.objects.get(email="polis@demo.test").membership.organisation.kind == "police"
    housing = User.objects.get(email="bostad@demo.test").membership
    assert housing.is_org_admin and housing.is_signatory
    assert User.objects.get(email="forening@demo.test").membership.organisation.kind == "association"


def test_seed_demo_runs_in_the_demo_without_debug(settings):
    settings.DEBUG = False
    settings.HUB_DEMO = True
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.filter(email="samordnare@demo.test").exists()
