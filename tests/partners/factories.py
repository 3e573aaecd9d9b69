"""Factories for the partner network; other apps' tests build on these."""

import factory
from django.contrib.auth.models import Group

from partners.demo import with_check_digit
from partners.models import Area, Membership, Organisation, Role, User

PASSWORD = "a-long-test-password-9"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.HOUSING
    organisation_number = factory.Sequence(lambda n: with_check_digit(f"556{n:06d}"))


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Area {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


def make_member(
    organisation=None,
    *,
    role=Membership.Role.MEMBER,
    signatory=False,
    hub_roles=(),
    active=True,
    **user_fields,
) -> User:
    """A user with a membership (and hub-wide roles) in one call."""
    user = UserFactory(is_active=active, **user_fields)
    MembershipFactory(
        user=user, organisation=organisation or OrganisationFactory(), role=role, is_signatory=signatory
    )
    for role_name in hub_roles:
        user.groups.add(Group.objects.get_or_create(name=role_name)[0])
    return User.objects.select_related("membership__organisation").get(pk=user.pk)


def make_coordinator(organisation=None, **user_fields) -> User:
    return make_member(organisation, hub_roles=(Role.COORDINATOR,), **user_fields)
