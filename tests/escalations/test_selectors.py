"""Who sees which escalation."""

import pytest
from django.http import Http404

from escalations.models import Escalation
from escalations.selectors import get_escalation_for
from tests.escalations.factories import EscalationFactory

pytestmark = pytest.mark.django_db


def test_visible_to_own_organisation_leadership_and_coordinators_only(
    member, outsider, leader, coordinator, chair, deactivated, organisation
):
    escalation = EscalationFactory(organisation=organisation)
    for user in (member, leader, coordinator):
        assert Escalation.objects.visible_to(user).filter(pk=escalation.pk).exists(), user
    for user in (outsider, chair, deactivated):
        assert not Escalation.objects.visible_to(user).exists(), user


def test_fetch_or_deny_gives_404_to_outsider(outsider, organisation):
    escalation = EscalationFactory(organisation=organisation)
    with pytest.raises(Http404):
        get_escalation_for(outsider, escalation.pk)
