"""Factories for meetings: a planned meeting with invitations, items and actions."""

from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import Action, AgendaItem, Invitation, Meeting
from partners.models import Organisation, User


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Brottsförebyggande forum {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + timedelta(hours=2))
    place = "Kommunhuset, sal 3"
    planned_by = factory.LazyAttribute(lambda meeting: meeting.chair)


def make_meeting(*, chair: User, organisations: list[Organisation], **fields) -> Meeting:
    """A meeting whose invited organisations' active members are invited, as plan_meeting does."""
    meeting = MeetingFactory(chair=chair, **fields)
    meeting.invited_organisations.set(organisations)
    for user in User.objects.filter(membership__organisation__in=organisations, is_active=True):
        Invitation.objects.create(meeting=meeting, user=user)
    return meeting


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    item = factory.SubFactory(ItemFactory, decision="Beslut")
    description = "Se över belysningen vid stationen"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
