"""Who sees what, for every category setting, in lists, by direct URL and in search."""

import pytest

from forum import search, services
from forum.models import Category
from partners.models import Organisation
from tests.forum.factories import CategoryFactory
from tests.partners.factories import OrganisationFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    police = OrganisationFactory(name="Polisen", kind=Organisation.Kind.POLICE)
    housing = OrganisationFactory(name="Bostadsbolaget", kind=Organisation.Kind.HOUSING)
    association = OrganisationFactory(name="Föreningen", kind=Organisation.Kind.ASSOCIATION)
    return {
        "police": make_member(police, email="p@example.test"),
        "housing": make_member(housing, email="h@example.test"),
        "association": make_member(association, email="a@example.test"),
        "orgs": {"police": police, "housing": housing, "association": association},
    }


def make_category(setting, people):
    if setting == "all":
        return CategoryFactory(slug="alla", name="Alla")
    if setting == "kinds":
        return CategoryFactory(
            slug="polis-och-bostad",
            visibility="kinds",
            kinds=[Organisation.Kind.POLICE, Organisation.Kind.HOUSING],
        )
    return CategoryFactory(
        slug="bara-polisen", visibility="organisations", organisations=[people["orgs"]["police"]]
    )


EXPECTED = {
    "all": {"police": True, "housing": True, "association": True},
    "kinds": {"police": True, "housing": True, "association": False},
    "organisations": {"police": True, "housing": False, "association": False},
}
CASES = [(setting, who) for setting in EXPECTED for who in ("police", "housing", "association")]


@pytest.fixture
def world(people):
    def build(setting):
        category = make_category(setting, people)
        thread = services.create_thread(
            category=category, by=people["police"], title="Hemlig lägesbild", body="Uppgifter om zebrahandel"
        )
        return category, thread

    return build


@pytest.mark.parametrize(("setting", "who"), CASES)
def test_category_list(setting, who, people, world, client_for):
    category, _thread = world(setting)
    response = client_for(people[who]).get("/forum/")
    assert (category.name in response.content.decode()) is EXPECTED[setting][who]


@pytest.mark.parametrize(("setting", "who"), CASES)
def test_category_page_by_direct_url(setting, who, people, world, client_for):
    category, _thread = world(setting)
    status = client_for(people[who]).get(f"/forum/c/{category.slug}/").status_code
    assert status == (200 if EXPECTED[setting][who] else 404)


@pytest.mark.parametrize(("setting", "who"), CASES)
def test_thread_and_post_by_direct_url(setting, who, people, world, client_for):
    _category, thread = world(setting)
    client = client_for(people[who])
    expected = 200 if EXPECTED[setting][who] else 404
    assert client.get(f"/forum/t/{thread.pk}/").status_code == expected
    assert client.get(f"/forum/p/{thread.posts.get().pk}/").status_code == (302 if expected == 200 else 404)
    # One's own post is edited, not flagged.
    flag_expected = 403 if expected == 200 and who == "police" else expected
    assert client.get(f"/forum/p/{thread.posts.get().pk}/flag/").status_code == flag_expected


@pytest.mark.both_databases
@pytest.mark.parametrize(("setting", "who"), CASES)
def test_search(setting, who, people, world):
    world(setting)
    assert bool(search.search(people[who], "zebrahandel")) is EXPECTED[setting][who]


@pytest.mark.parametrize("setting", list(EXPECTED))
def test_coordinator_sees_every_category(setting, people, world, coordinator):
    category, _thread = world(setting)
    assert Category.objects.visible_to(coordinator).filter(pk=category.pk).exists()


def test_chair_listed_on_a_restricted_category_sees_it(people, world, chair):
    category, _thread = world("organisations")
    category.chairs.add(chair)
    assert Category.objects.visible_to(chair).filter(pk=category.pk).exists()


def test_deactivated_and_anonymous_see_no_category(people, world, deactivated):
    from django.contrib.auth.models import AnonymousUser

    world("all")
    assert not Category.objects.visible_to(deactivated).exists()
    assert not Category.objects.visible_to(AnonymousUser()).exists()


def test_hidden_thread_is_404_for_other_members_but_visible_to_its_chair(
    category, thread, chair, signatory, client_for
):
    services.moderate_thread(thread=thread, by=chair, action="hide", reason="Dubblett")
    assert client_for(signatory).get(f"/forum/t/{thread.pk}/").status_code == 404
    assert "Klotter i Jordbro" not in client_for(signatory).get(f"/forum/c/{category.slug}/").content.decode()
    assert client_for(chair).get(f"/forum/t/{thread.pk}/").status_code == 200
    assert not search.search(signatory, "klotter")


def test_author_reads_their_hidden_thread_with_the_reason_and_cannot_reply(thread, chair, member, client_for):
    services.moderate_thread(thread=thread, by=chair, action="hide", reason="Dubblett av tråd 12")
    page = client_for(member).get(f"/forum/t/{thread.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Dubblett av tråd 12" in html
    assert 'id="reply"' not in html
    assert client_for(member).post(f"/forum/t/{thread.pk}/reply/", {"body": "Men?"}).status_code == 403
    assert thread.posts.count() == 1


def test_author_is_told_when_their_thread_is_hidden_with_the_reason(thread, chair, member):
    from realtime.models import Notification

    services.moderate_thread(thread=thread, by=chair, action="hide", reason="Dubblett av tråd 12")
    notice = Notification.objects.get(recipient=member, kind="forum.thread_hidden")
    assert "Dubblett av tråd 12" in notice.text
    assert notice.url == thread.get_absolute_url()


def test_hidden_post_is_not_in_search(post, chair, member):
    services.hide_post(post=post, by=chair, reason="Fel")
    assert not [r for r in search.search(member, "stationen") if r.kind == "post"]


def test_moved_thread_leaves_search_for_those_who_cannot_see_the_new_category(
    thread, coordinator, member, police_member
):
    restricted = CategoryFactory(slug="polis", visibility="kinds", kinds=[Organisation.Kind.POLICE])
    services.move_thread(thread=thread, by=coordinator, to=restricted)
    assert not search.search(member, "stationen")
    assert search.search(police_member, "stationen")


# --- who may read which category, kept between requests -------------------------------------------


def _reads(person, category):
    return category.pk in Category.objects.visible_ids(person)


@pytest.mark.parametrize(("setting", "who"), CASES)
def test_the_kept_answer_agrees_with_the_rule(setting, who, people, world):
    category, _thread = world(setting)
    for _ in range(2):  # read, then kept
        assert _reads(people[who], category) is EXPECTED[setting][who]


def test_an_organisation_let_into_a_category_reads_it_at_once(people, world):
    category, _thread = world("organisations")
    assert not _reads(people["housing"], category)
    category.allowed_organisations.add(people["orgs"]["housing"])
    assert _reads(people["housing"], category)


def test_an_organisation_taken_off_a_category_no_longer_reads_it_at_once(people, world):
    category, _thread = world("organisations")
    assert _reads(people["police"], category)
    category.allowed_organisations.remove(people["orgs"]["police"])
    assert not _reads(people["police"], category)


def test_a_category_narrowed_to_some_kinds_is_closed_to_the_others_at_once(people, world):
    category, _thread = world("all")
    assert _reads(people["association"], category)
    category.visibility = "kinds"
    category.save()
    category.allowed_kinds.create(kind=Organisation.Kind.POLICE)
    assert not _reads(people["association"], category) and _reads(people["police"], category)


def test_a_kind_struck_from_a_category_closes_it_to_that_kind_at_once(people, world):
    category, _thread = world("kinds")
    assert _reads(people["housing"], category)
    category.allowed_kinds.filter(kind=Organisation.Kind.HOUSING).delete()
    assert not _reads(people["housing"], category)


def test_a_new_chair_reads_their_restricted_category_at_once(people, world):
    category, _thread = world("organisations")
    assert not _reads(people["association"], category)
    category.chairs.add(people["association"])
    assert _reads(people["association"], category)


def test_a_person_moved_to_another_organisation_reads_as_their_new_one_on_the_next_request(people, world):
    from partners.models import User

    category, _thread = world("organisations")
    assert not _reads(people["housing"], category)
    membership = people["housing"].membership
    membership.organisation = people["orgs"]["police"]
    membership.save()
    reloaded = User.objects.select_related("membership__organisation").get(pk=people["housing"].pk)
    assert _reads(reloaded, category)
