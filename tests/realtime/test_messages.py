from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from realtime.messages import Message
from realtime.models import Notification
from realtime.services import notify

pytestmark = pytest.mark.django_db


def test_a_message_renders_in_the_active_language_with_its_numbers_and_dates():
    message = Message(gettext_noop("Week %(week)s has not started yet."), week=0.8)
    with translation.override("sv"):
        assert message.render() == "Vecka 0,8 har inte börjat ännu."
    with translation.override("en"):
        assert message.render() == "Week 0.8 has not started yet."
    dated = Message("%(day)s", day=date(2026, 12, 9))
    with translation.override("sv"):
        assert Message.loads(dated.dumps()).render() == "9 december 2026"


def test_a_notice_written_by_someone_reading_english_reads_in_swedish(member, client_for):
    with translation.override("en"):
        message = Message(gettext_noop("Week %(week)s has not started yet."), week="2026-W50")
        notify([member], "test.kind", message)
    notice = Notification.objects.get(recipient=member)
    assert notice.text == "Vecka 2026-W50 har inte börjat ännu."
    page = client_for(member).get(reverse("realtime:list")).content.decode()
    assert "Vecka 2026-W50 har inte börjat ännu." in page


def test_a_label_inside_a_message_is_translated_for_each_reader():
    from escalations.models import Urgency

    message = Message.loads(Message("%(urgency)s", urgency=Urgency.URGENT.label).dumps())
    with translation.override("sv"):
        swedish = message.render()
    with translation.override("en"):
        english = message.render()
    assert (swedish, english) == ("Brådskande", "Urgent")
