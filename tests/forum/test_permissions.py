"""The forum's capabilities as tables: each role against each kind of post, thread and article,
asking permissions.py directly (the HTTP matrix in test_permission_matrix.py checks the routes)."""

import pytest

from forum import permissions, services
from tests.forum.factories import CategoryFactory

pytestmark = pytest.mark.django_db

# Roles that behave alike in the forum are one column: "member" stands for org_admin and signatory,
# "reader" for leadership and members of other organisations; "other_chair" chairs no category here.
ROLES = ["author", "member", "chair", "other_chair", "coordinator", "deactivated"]


@pytest.fixture
def people(member, signatory, chair, other_chair, coordinator, deactivated):
    return {
        "author": member,
        "member": signatory,
        "chair": chair,
        "other_chair": other_chair,
        "coordinator": coordinator,
        "deactivated": deactivated,
    }


@pytest.fixture
def posts(category, member, chair):
    def start(title):
        return services.create_thread(category=category, by=member, title=title, body="Första inlägget.")

    open_thread = start("Öppen")
    locked = start("Låst")
    services.moderate_thread(thread=locked, by=chair, action="lock")
    hidden_thread = start("Dold")
    services.moderate_thread(thread=hidden_thread, by=chair, action="hide", reason="Dubblett")
    hidden_post = services.reply(thread=open_thread, by=member, body="Olämpligt")
    services.hide_post(post=hidden_post, by=chair, reason="Personuppgifter")
    return {
        "open": open_thread.posts.first(),
        "locked": locked.posts.first(),
        "hidden_thread": hidden_thread.posts.first(),
        "hidden_post": hidden_post,
    }


# What each role may do with the author's post, per case:
# (can_view, can_reply, can_edit, can_flag, can_hide, sees_hidden_body, sees_hidden_reason)
POST_TABLE = {
    "open": {
        "author": (1, 1, 1, 0, 0, 0, 1),
        "member": (1, 1, 0, 1, 0, 0, 0),
        "chair": (1, 1, 0, 1, 1, 1, 1),
        "other_chair": (1, 1, 0, 1, 0, 0, 0),
        "coordinator": (1, 1, 0, 1, 1, 1, 1),
        "deactivated": (0, 0, 0, 0, 0, 0, 0),
    },
    "locked": {
        "author": (1, 0, 0, 0, 0, 0, 1),
        "member": (1, 0, 0, 1, 0, 0, 0),
        "chair": (1, 1, 0, 1, 1, 1, 1),
        "other_chair": (1, 0, 0, 1, 0, 0, 0),
        "coordinator": (1, 1, 0, 1, 1, 1, 1),
        "deactivated": (0, 0, 0, 0, 0, 0, 0),
    },
    "hidden_thread": {
        "author": (1, 0, 0, 0, 0, 0, 1),
        "member": (0, 0, 0, 0, 0, 0, 0),
        "chair": (1, 1, 0, 1, 1, 1, 1),
        "other_chair": (0, 0, 0, 0, 0, 0, 0),
        "coordinator": (1, 1, 0, 1, 1, 1, 1),
        "deactivated": (0, 0, 0, 0, 0, 0, 0),
    },
    "hidden_post": {
        "author": (1, 0, 0, 0, 0, 0, 1),
        "member": (1, 0, 0, 0, 0, 0, 0),
        "chair": (1, 0, 0, 0, 1, 1, 1),
        "other_chair": (1, 0, 0, 0, 0, 0, 0),
        "coordinator": (1, 0, 0, 0, 1, 1, 1),
        "deactivated": (0, 0, 0, 0, 0, 0, 0),
    },
}


def _row(actions):
    return tuple(int(value) for value in vars(actions).values())


@pytest.mark.parametrize("case", list(POST_TABLE))
def test_post_actions_per_role(case, posts, people):
    got = {
        role: tuple(
            int(value) for value in vars(permissions.post_actions(people[role], posts[case])).values()
        )
        for role in ROLES
    }
    assert got == POST_TABLE[case]


def test_a_page_of_posts_reads_the_thread_rule_once(posts, people, django_assert_max_num_queries):
    post = posts["open"]
    on_thread = permissions.thread_actions(people["member"], post.thread)
    with django_assert_max_num_queries(0):
        for _ in range(20):
            permissions.post_actions(people["member"], post, on_thread=on_thread)


@pytest.fixture
def articles(category, member, chair):
    def draft():
        return services.save_article(
            by=member,
            category=category,
            title="Artikel",
            summary="Kort",
            body="Text",
            evidence_level="promising",
            sources=[],
        )

    in_review = draft()
    services.submit_article(article=in_review, by=member)
    published = draft()
    services.submit_article(article=published, by=member)
    services.publish_article(article=published, by=chair)
    return {"draft": draft(), "in_review": in_review, "published": published}


# (can_edit, can_moderate, can_review, can_archive)
ARTICLE_TABLE = {
    "draft": {"author": (1, 0, 0, 0), "member": (0, 0, 0, 0), "chair": (0, 1, 0, 0)},
    "in_review": {"author": (0, 0, 0, 0), "member": (0, 0, 0, 0), "chair": (0, 1, 1, 0)},
    "published": {"author": (0, 0, 0, 0), "member": (0, 0, 0, 0), "chair": (0, 1, 0, 1)},
}


@pytest.mark.parametrize("case", list(ARTICLE_TABLE))
def test_article_actions_per_role(case, articles, people):
    got = {
        role: tuple(
            int(value) for value in vars(permissions.article_actions(people[role], articles[case])).values()
        )
        for role in ARTICLE_TABLE[case]
    }
    assert got == ARTICLE_TABLE[case]


def test_other_chair_moderates_only_the_categories_they_chair(other_chair, category):
    theirs = CategoryFactory(slug="deras", chairs=[other_chair])
    assert permissions.can_moderate(other_chair, theirs)
    assert not permissions.can_moderate(other_chair, category)


def test_a_categorys_readers_are_exactly_those_who_may_view_it(
    chair, coordinator, member, outsider, police_member, deactivated, organisation, police
):
    """Category.readers (one query for a notification's recipients) is visible_to seen from the
    other side: the two agree for every kind of person and every kind of category."""
    from partners.models import Organisation, User
    from tests.forum.factories import CategoryFactory
    from tests.partners.factories import OrganisationFactory, make_member

    closed = OrganisationFactory(
        name="Nedlagda föreningen", kind=Organisation.Kind.ASSOCIATION, is_active=False
    )
    shut_out = make_member(closed, email="nedlagd@example.test")
    lone_chair = make_member(closed, email="ordf@example.test")
    categories = [
        CategoryFactory(),
        CategoryFactory(visibility="kinds", kinds=[Organisation.Kind.POLICE]),
        CategoryFactory(visibility="organisations", organisations=[organisation]),
        CategoryFactory(visibility="organisations", organisations=[police], chairs=[chair, lone_chair]),
        CategoryFactory(visibility="kinds", kinds=[Organisation.Kind.ASSOCIATION]),
    ]
    people = [chair, coordinator, member, outsider, police_member, deactivated, shut_out, lone_chair]
    for category in categories:
        readers = set(User.objects.filter(category.readers()).values_list("pk", flat=True))
        for person in people:
            person = User.objects.select_related("membership__organisation").get(pk=person.pk)
            assert (person.pk in readers) == permissions.can_view_category(person, category), (
                category.visibility,
                person.email,
            )
