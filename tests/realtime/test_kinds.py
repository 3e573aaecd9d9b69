"""Notification kinds are registered once, each with a translated label; no raw kind reaches a page."""

import pytest
from django.utils import translation

from realtime import kinds
from realtime.models import Notification
from realtime.services import notify

pytestmark = pytest.mark.django_db

TEST_KINDS = {"test", "test.kind", "other.kind"}


def test_an_unregistered_kind_is_refused_and_nothing_is_written(member):
    with pytest.raises(kinds.UnknownKind):
        notify([member], "forum.never_registered", "Hej")
    assert not Notification.objects.exists()


@pytest.mark.parametrize("kind", sorted(set(kinds.registered()) - TEST_KINDS))
def test_every_registered_kind_has_a_swedish_label(kind):
    with translation.override("en"):
        english = kinds.label_for(kind)
    with translation.override("sv"):
        swedish = kinds.label_for(kind)
    assert swedish != kind
    assert swedish != english, f"{kind}: “{english}” has no Swedish translation"


def test_the_kind_filter_and_preferences_show_labels_not_codes(member, client_for):
    notify([member], "forum.mention", "Cecilia nämnde dig")
    client = client_for(member)
    for url in ("/notifications/", "/notifications/settings/"):
        html = client.get(url).content.decode()
        assert "Någon nämnde dig i forumet" in html, url
        assert ">forum.mention<" not in html, url
