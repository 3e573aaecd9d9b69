import subprocess

import pytest
from django.core import mail
from django.urls import reverse

from tests.support import ROOT

pytestmark = pytest.mark.django_db


def test_password_reset_mail_greets_with_the_hubs_name_not_the_requests_host(member, client_for):
    client_for(None).post(
        reverse("account_reset_password"), {"email": member.email}, HTTP_HOST="127.0.0.1:8123"
    )
    message = mail.outbox[-1]
    assert "127.0.0.1:8123!" not in message.body
    assert "Samverkan" in message.body.splitlines()[0]
    assert message.subject.startswith("[Samverkan] ")


def test_password_reset_mail_names_the_address_the_hub_is_served_at(member, client_for, settings):
    settings.HUB_SITE_URL = "https://samverkan.haninge.example"
    client_for(None).post(reverse("account_reset_password"), {"email": member.email})
    assert "samverkan.haninge.example" in mail.outbox[-1].body


def test_make_run_builds_mail_links_from_the_host_and_port_it_serves():
    result = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.2", "PORT=8123"], cwd=ROOT, capture_output=True, text=True
    )
    serve = [line for line in result.stdout.splitlines() if "daphne" in line]
    assert serve and "HUB_SITE_URL=http://127.0.0.2:8123" in serve[0]
    assert "-b 127.0.0.2 -p 8123" in serve[0]
