"""Demo data of the partner network: Haninge's districts, the partners in the seeds, a login per role."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from partners.models import Area, Membership, Organisation, Role, User
from partners.validators import luhn_is_valid

DEMO_PASSWORD = "samverkan-demo"

AREAS = [
    ("Handen", "Kommunens centrum med Haninge centrum, kulturhuset och pendeltågsstationen."),
    ("Jordbro", "Bostadsområde och industriområde i norra Haninge."),
    ("Brandbergen", "Bostadsområde med Brandbergens centrum."),
    ("Vendelsö", "Villaområden och Vendelsö gård i norr."),
    ("Västerhaninge", "Tätort söder om Handen med station och centrum."),
]


def with_check_digit(nine: str) -> str:
    for digit in "0123456789":
        if luhn_is_valid(nine + digit):
            return f"{nine[:6]}-{nine[6:]}{digit}"
    raise AssertionError("unreachable")


# (key, name, kind, first nine digits of the organisation number)
ORGANISATIONS = [
    ("police", "Polisen, lokalpolisområde Haninge/Nynäshamn", Organisation.Kind.POLICE, "202100007"),
    (
        "municipality",
        "Haninge kommun, kommunledningsförvaltningen",
        Organisation.Kind.MUNICIPALITY,
        "212000014",
    ),
    (
        "culture",
        "Haninge kommun, kultur- och fritidsförvaltningen",
        Organisation.Kind.MUNICIPALITY,
        "212000014",
    ),
    ("social", "Haninge kommun, socialförvaltningen", Organisation.Kind.MUNICIPALITY, "212000014"),
    ("planning", "Haninge kommun, stadsbyggnadsförvaltningen", Organisation.Kind.MUNICIPALITY, "212000014"),
    ("housing", "Haninge Bostäder AB", Organisation.Kind.MUNICIPAL_COMPANY, "556500108"),
    ("housing2", "Jordbro Hyresfastigheter AB", Organisation.Kind.HOUSING, "556712345"),
    ("vattenfall", "Vattenfall Eldistribution AB", Organisation.Kind.UTILITY, "556417080"),
    ("srv", "SRV återvinning AB", Organisation.Kind.MUNICIPAL_COMPANY, "556139220"),
    ("nightwalkers", "Nattvandrarna i Haninge", Organisation.Kind.ASSOCIATION, "802456789"),
    ("business", "Haninge Företagarförening", Organisation.Kind.BUSINESS, "802412345"),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    organisation: str
    role: str = Membership.Role.MEMBER
    signatory: bool = False
    hub_roles: tuple[str, ...] = ()
    title: str = ""


USERS = [
    DemoUser(
        "samordnare@demo.test",
        "Sara Samordnare",
        "municipality",
        Membership.Role.ORG_ADMIN,
        hub_roles=(Role.COORDINATOR,),
        title="Trygghetssamordnare",
    ),
    DemoUser(
        "ledning@demo.test",
        "Leif Ledning",
        "municipality",
        signatory=True,
        hub_roles=(Role.LEADERSHIP,),
        title="Kommunstyrelsens ordförande",
    ),
    DemoUser(
        "ordforande@demo.test",
        "Olga Ordförande",
        "social",
        Membership.Role.ORG_ADMIN,
        signatory=True,
        hub_roles=(Role.CHAIR,),
        title="Forumets ordförande",
    ),
    DemoUser(
        "kontaktcenter@demo.test",
        "Kim Kontaktcenter",
        "municipality",
        hub_roles=(Role.CUSTOMER_SERVICE,),
        title="Kundtjänst, kontaktcenter",
    ),
    DemoUser("polis@demo.test", "Per Polis", "police", title="Kommunpolis"),
    DemoUser(
        "polischef@demo.test",
        "Paula Polischef",
        "police",
        Membership.Role.ORG_ADMIN,
        signatory=True,
        title="Lokalpolisområdeschef",
    ),
    DemoUser(
        "bostad@demo.test",
        "Berit Bostad",
        "housing",
        Membership.Role.ORG_ADMIN,
        signatory=True,
        title="Förvaltare",
    ),
    DemoUser(
        "fastighet@demo.test",
        "Fredrik Fastighet",
        "housing2",
        Membership.Role.ORG_ADMIN,
        signatory=True,
        title="Fastighetschef",
    ),
    DemoUser(
        "vattenfall@demo.test", "Vera Vattenfall", "vattenfall", Membership.Role.ORG_ADMIN, signatory=True
    ),
    DemoUser("srv@demo.test", "Sven SRV", "srv", Membership.Role.ORG_ADMIN, signatory=True),
    DemoUser("forening@demo.test", "Frida Förening", "nightwalkers", title="Nattvandrare"),
    DemoUser(
        "foreningsadmin@demo.test",
        "Fatima Föreningsordförande",
        "nightwalkers",
        Membership.Role.ORG_ADMIN,
        signatory=True,
    ),
    DemoUser(
        "fritid@demo.test",
        "Kalle Kultur",
        "culture",
        Membership.Role.ORG_ADMIN,
        signatory=True,
        title="Fältassistent",
    ),
    DemoUser(
        "stadsbyggnad@demo.test", "Stina Stadsbyggnad", "planning", Membership.Role.ORG_ADMIN, signatory=True
    ),
    DemoUser(
        "foretagare@demo.test", "Erik Företagare", "business", Membership.Role.ORG_ADMIN, signatory=True
    ),
]

# The logins the README lists, one per role.
README_LOGINS = [
    ("samordnare@demo.test", "coordinator"),
    ("ledning@demo.test", "leadership"),
    ("ordforande@demo.test", "forum chair"),
    ("kontaktcenter@demo.test", "customer service: triages residents' reports"),
    ("polis@demo.test", "police member"),
    ("bostad@demo.test", "housing company admin and signatory"),
    ("forening@demo.test", "association member"),
]


def seed(stdout: object = None) -> dict[str, Organisation]:
    for name, description in AREAS:
        Area.objects.get_or_create(name=name, defaults={"description": description})
    organisations: dict[str, Organisation] = {}
    for key, name, kind, nine in ORGANISATIONS:
        organisations[key], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "organisation_number": with_check_digit(nine)}
        )
    groups = {role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    for demo in USERS:
        user = User.objects.filter(email=demo.email).first()
        if user is None:
            user = User.objects.create_user(
                email=demo.email, password=DEMO_PASSWORD, full_name=demo.name, title=demo.title
            )
        EmailAddress.objects.get_or_create(
            user=user, email=demo.email, defaults={"verified": True, "primary": True}
        )
        organisation = organisations[demo.organisation]
        Membership.objects.update_or_create(
            user=user,
            defaults={"organisation": organisation, "role": demo.role, "is_signatory": demo.signatory},
        )
        for role in demo.hub_roles:
            user.groups.add(groups[role])
        if demo.role == Membership.Role.ORG_ADMIN and organisation.contact_person_id is None:
            organisation.contact_person = user
            organisation.save(update_fields=["contact_person"])
    for organisation in organisations.values():
        if organisation.contact_person_id is None:
            first = organisation.memberships.select_related("user").first()
            if first:
                organisation.contact_person = first.user
                organisation.save(update_fields=["contact_person"])
    return organisations
