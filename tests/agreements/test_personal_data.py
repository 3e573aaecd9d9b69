import json

import pytest
from django.urls import reverse

from agreements.models import AgreementVersion
from tests.agreements.factories import make_version, sign

pytestmark = pytest.mark.django_db


def test_data_export_lists_my_signatures_only(
    client_for, signatory, organisation, outsider_admin, other_organisation
):
    version = make_version(status=AgreementVersion.Status.OPEN)
    mine = sign(version, organisation, signatory)
    sign(version, other_organisation, outsider_admin)
    data = json.loads(client_for(signatory).post(reverse("my_data")).content)
    assert [s["text_sha256"] for s in data["agreements"]["signatures"]] == [mine.text_sha256]
