import factory

from realtime.models import Notification
from tests.partners.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test.kind"
    text = factory.Sequence(lambda n: f"Notification {n}")
    url = "/"
