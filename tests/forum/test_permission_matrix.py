"""Every role against every route of the forum and the knowledge bank, on objects each role may see
and on objects it must not see (a category for another organisation kind, one for listed
organisations, a hidden thread, someone else's draft), with the expected status."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.urls import get_resolver, reverse

from forum import services
from partners.models import Membership, Organisation, Role
from tests.forum.factories import CategoryFactory
from tests.partners.factories import OrganisationFactory, make_member

# Also in the PostgreSQL pass: the access rules are querysets, and the databases differ.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

ROLES = [
    "anonymous",
    "member",
    "org_admin",
    "signatory",
    "chair",
    "other_chair",
    "leader",
    "coordinator",
    "deactivated",
    "outsider",
]
LOGIN = 302  # anonymous and deactivated users are sent to the login page
NETWORK = [role for role in ROLES if role not in {"anonymous", "deactivated"}]

# Who may see each target: "open" is a category for all partners (chaired by `chair`), "kind" is for
# the police only, "org" lists only the outsider's organisation, "hidden" is a hidden thread in the
# open category (started by `member`, who reads it and writes nothing in it), "draft" and "review" are
# articles of `member` in the open category.
SEERS = {
    "open": set(NETWORK),
    "kind": {"coordinator"},
    "org": {"coordinator", "outsider"},
    "hidden": {"member", "chair", "coordinator"},
    "draft": {"member"},
    "review": {"member", "chair", "coordinator"},
}
MODERATORS = {
    "open": {"chair", "coordinator"},
    "kind": {"coordinator"},
    "org": {"coordinator"},
    "hidden": {"chair", "coordinator"},
    "draft": {"chair", "coordinator"},
    "review": {"chair", "coordinator"},
}
AUTHORS = {"open": {"member"}, "kind": set(), "org": {"outsider"}, "hidden": {"member"}}
AUTHORS |= {"draft": {"member"}, "review": {"member"}}
READ_ONLY = {"hidden": {"member"}}


def row(default, **overrides):
    """Expected status per role for a page without an object: `default` for the network."""
    expected = {role: default for role in ROLES}
    expected.update({"anonymous": LOGIN, "deactivated": LOGIN})
    expected.update(overrides)
    return expected


def on(target, sees, *, moderates=None, authors=None, read_only=None):
    """Expected status per role for an object: 404 for whoever may not see it (the same answer as
    for a missing object), `sees` for the others, then `moderates` / `authors` / `read_only` (the
    author of a hidden thread) where those differ."""
    expected = row(404)
    for role in SEERS[target]:
        expected[role] = sees
    specials = (
        (moderates, MODERATORS[target]),
        (authors, AUTHORS[target]),
        (read_only, READ_ONLY.get(target, set())),
    )
    for special, roles in specials:
        if special is not None:
            for role in roles & SEERS[target]:
                expected[role] = special
    return expected


MODERATE = dict(chair=200, other_chair=200, coordinator=200)
CATEGORY_TARGETS = ["open", "kind", "org"]
THREAD_TARGETS = ["open", "kind", "org", "hidden"]

# (url name, method, what the URL points at, expected status per role)
MATRIX = [
    ("forum:index", "get", None, row(200)),
    ("forum:search", "get", None, row(200)),
    ("forum:flag_queue", "get", None, row(403, **MODERATE)),
    ("forum:moderation_log", "get", None, row(403, **MODERATE)),
    ("forum:knowledge", "get", None, row(200)),
    ("forum:article_create", "get", None, row(200)),
    ("forum:article_create", "post", "open", row(302)),
    # A category the user may not see is not offered: the form is shown again, nothing is saved.
    ("forum:article_create", "post", "kind", row(200, coordinator=302)),
    ("forum:subscribe", "get", None, row(405)),
    *[("forum:subscribe", "post", target, on(target, 302)) for target in THREAD_TARGETS],
    # category pages
    *[("forum:category", "get", target, on(target, 200)) for target in CATEGORY_TARGETS],
    *[("forum:thread_create", "get", target, on(target, 200)) for target in CATEGORY_TARGETS],
    *[("forum:thread_create", "post", target, on(target, 302)) for target in CATEGORY_TARGETS],
    # threads
    *[("forum:thread", "get", target, on(target, 200)) for target in THREAD_TARGETS],
    *[("forum:thread_unread", "get", target, on(target, 302)) for target in THREAD_TARGETS],
    ("forum:reply", "get", "open", row(405)),
    *[("forum:reply", "post", target, on(target, 302, read_only=403)) for target in THREAD_TARGETS],
    ("forum:thread_moderate", "get", "open", row(405)),
    *[("forum:thread_moderate", "post", t, on(t, 403, moderates=302)) for t in THREAD_TARGETS],
    *[("forum:thread_move", "get", t, on(t, 403, moderates=200)) for t in THREAD_TARGETS],
    *[("forum:thread_move", "post", t, on(t, 403, moderates=302)) for t in THREAD_TARGETS],
    # posts
    *[("forum:post", "get", target, on(target, 302)) for target in THREAD_TARGETS],
    *[("forum:post_edit", "get", t, on(t, 403, authors=200, read_only=403)) for t in THREAD_TARGETS],
    *[("forum:post_edit", "post", t, on(t, 403, authors=302, read_only=403)) for t in THREAD_TARGETS],
    *[("forum:post_history", "get", t, on(t, 403, moderates=200)) for t in THREAD_TARGETS],
    # One's own post is edited, not flagged.
    *[("forum:post_flag", "get", target, on(target, 200, authors=403)) for target in THREAD_TARGETS],
    *[("forum:post_flag", "post", target, on(target, 302, authors=403)) for target in THREAD_TARGETS],
    *[("forum:post_hide", "get", t, on(t, 403, moderates=200)) for t in THREAD_TARGETS],
    *[("forum:post_hide", "post", t, on(t, 403, moderates=302)) for t in THREAD_TARGETS],
    ("forum:post_restore", "get", "open", row(405)),
    *[("forum:post_restore", "post", t, on(t, 403, moderates=302)) for t in THREAD_TARGETS],
    ("forum:post_dismiss", "get", "open", row(405)),
    *[("forum:post_dismiss", "post", t, on(t, 403, moderates=302)) for t in THREAD_TARGETS],
    # knowledge bank: published articles follow their category; drafts only their author;
    # articles in review also the category's moderators.
    *[("forum:article", "get", t, on(t, 200)) for t in ["open", "kind", "org", "draft", "review"]],
    ("forum:article_edit", "get", "draft", on("draft", 200)),
    ("forum:article_edit", "post", "draft", on("draft", 302)),
    ("forum:article_edit", "get", "open", on("open", 403)),
    ("forum:article_edit", "get", "kind", on("kind", 403)),
    ("forum:article_submit", "get", "draft", row(405)),
    ("forum:article_submit", "post", "draft", on("draft", 302)),
    ("forum:article_submit", "post", "open", on("open", 403)),
    ("forum:article_review", "get", "review", row(405)),
    ("forum:article_review", "post", "review", on("review", 403, moderates=302)),
    *[("forum:article_review", "post", t, on(t, 403, moderates=302)) for t in CATEGORY_TARGETS],
]

CATEGORY_ROUTES = {"forum:category", "forum:thread_create"}
THREAD_ROUTES = {"forum:thread", "forum:thread_unread", "forum:reply", "forum:thread_moderate"}
THREAD_ROUTES |= {"forum:thread_move"}
POST_ROUTES = {"forum:post", "forum:post_edit", "forum:post_history", "forum:post_flag"}
POST_ROUTES |= {"forum:post_hide", "forum:post_restore", "forum:post_dismiss"}
ARTICLE_ROUTES = {"forum:article", "forum:article_edit", "forum:article_submit", "forum:article_review"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The write rate limit counts per user id in the cache; ids repeat from test to test."""
    cache.clear()
    yield
    cache.clear()


def _article(*, by, category, publish_by=None, submit=False):
    article = services.save_article(
        by=by,
        category=category,
        title="Trygghetsvandring",
        summary="Så går det till.",
        body="Text om metoden.",
        evidence_level="promising",
        sources=[],
    )
    if submit or publish_by is not None:
        services.submit_article(article=article, by=by)
    if publish_by is not None:
        services.publish_article(article=article, by=publish_by)
    return article


def _bundle(category, thread, article=None):
    return {
        "slug": category.slug,
        "category": category.pk,
        "thread": thread.pk,
        "post": thread.posts.get().pk,
        "article": article.pk if article else None,
    }


def _people():
    """The people of tests/conftest.py (and a police member), made here because the world is built
    once per module."""
    organisation = OrganisationFactory(name="Haninge Bostäder AB", kind=Organisation.Kind.MUNICIPAL_COMPANY)
    other_organisation = OrganisationFactory(
        name="Jordbro Hyresfastigheter AB", kind=Organisation.Kind.HOUSING
    )
    municipality = OrganisationFactory(name="Haninge kommun", kind=Organisation.Kind.MUNICIPALITY)
    police = OrganisationFactory(name="Polisen", kind=Organisation.Kind.POLICE)
    users = {
        "anonymous": None,
        "member": make_member(organisation, email="member@example.test"),
        "org_admin": make_member(organisation, role=Membership.Role.ORG_ADMIN, email="admin@example.test"),
        "signatory": make_member(organisation, signatory=True, email="signatory@example.test"),
        "chair": make_member(municipality, hub_roles=(Role.CHAIR,), email="chair@example.test"),
        "other_chair": make_member(municipality, hub_roles=(Role.CHAIR,), email="chair2@example.test"),
        "leader": make_member(municipality, hub_roles=(Role.LEADERSHIP,), email="leader@example.test"),
        "coordinator": make_member(municipality, hub_roles=(Role.COORDINATOR,), email="coord@example.test"),
        "deactivated": make_member(organisation, active=False, email="gone@example.test"),
        "outsider": make_member(other_organisation, email="outsider@example.test"),
    }
    return users, other_organisation, make_member(police, email="polis@example.test")


def _build_world():
    users, other_organisation, police_member = _people()
    member, chair, coordinator, outsider = (users[r] for r in ("member", "chair", "coordinator", "outsider"))
    category = CategoryFactory(name="Skadegörelse och klotter", slug="klotter", chairs=[chair])
    # Where moderators move threads to: chaired by both chairs, so `other_chair` chairs a category
    # but not the open one.
    destination = CategoryFactory(
        name="Trygghetsvandringar", slug="vandringar", chairs=[users["other_chair"], chair]
    )
    for_police = CategoryFactory(
        name="Narkotikaprevention", slug="narkotika", visibility="kinds", kinds=[Organisation.Kind.POLICE]
    )
    for_listed = CategoryFactory(
        name="Hyresgäster", slug="hyresgaster", visibility="organisations", organisations=[other_organisation]
    )

    def start(category, by, title):
        return services.create_thread(category=category, by=by, title=title, body="Första inlägget.")

    hidden = start(category, member, "Dold tråd")
    services.moderate_thread(thread=hidden, by=chair, action="hide", reason="Personuppgifter.")
    draft = _article(by=member, category=category)
    in_review = _article(by=member, category=category, submit=True)
    return {
        "users": users,
        "destination": destination.pk,
        "open": _bundle(
            category,
            start(category, member, "Klotter i Jordbro"),
            _article(by=member, category=category, publish_by=chair),
        ),
        "kind": _bundle(
            for_police,
            start(for_police, police_member, "Langning vid skolan"),
            _article(by=police_member, category=for_police, publish_by=coordinator),
        ),
        "org": _bundle(
            for_listed,
            start(for_listed, outsider, "Trapphusen"),
            _article(by=outsider, category=for_listed, publish_by=coordinator),
        ),
        "hidden": _bundle(category, hidden),
        "draft": {"article": draft.pk},
        "review": {"article": in_review.pk},
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end; each test runs
    in a savepoint within it (pytest-django's db), so a POST never leaks into the next test."""
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CHANNEL_LAYERS={"default": {"BACKEND": "realtime.layers.LocalChannelLayer"}},
    )
    with django_db_blocker.unblock(), fast:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _args(name, bundle):
    if name in CATEGORY_ROUTES:
        return [bundle["slug"]]
    if name in THREAD_ROUTES:
        return [bundle["thread"]]
    if name in POST_ROUTES:
        return [bundle["post"]]
    if name in ARTICLE_ROUTES:
        return [bundle["article"]]
    return []


def _data(name, method, target, bundle, world):
    if method == "get":
        return {"q": "klotter"} if name == "forum:search" else {}
    return {
        "forum:subscribe": {"thread": bundle and bundle.get("thread"), "mode": "follow"},
        "forum:thread_create": {"title": "Ny tråd", "body": "Text."},
        "forum:reply": {"body": "Ett svar."},
        "forum:post_edit": {"body": "Rättad text."},
        "forum:post_flag": {"reason": "Personuppgifter."},
        "forum:post_hide": {"reason": "Personuppgifter."},
        "forum:post_restore": {"reason": "Rättat."},
        "forum:thread_moderate": {"action": "lock"},
        "forum:thread_move": {"category": world["destination"], "reason": "Bättre där."},
        "forum:article_create": {
            "title": "Grannsamverkan",
            "summary": "Kort.",
            "body": "Text.",
            "category": bundle and bundle.get("category"),
            "evidence_level": "promising",
            "sources": "",
        },
        "forum:article_edit": {
            "title": "Trygghetsvandring",
            "summary": "Kort.",
            "body": "Ny text.",
            "category": world["open"]["category"],
            "evidence_level": "promising",
            "sources": "",
        },
        "forum:article_review": {"decision": "publish" if target == "review" else "archive"},
    }.get(name, {})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "target", "expected"), MATRIX, ids=[f"{m[1]}:{m[0]}:{m[2]}" for m in MATRIX]
)
def test_role_gets_expected_status(world, db, client_for, role, name, method, target, expected):
    bundle = world[target] if target else None
    url = reverse(name, args=_args(name, bundle) if bundle else [])
    client = client_for(world["users"][role])
    data = _data(name, method, target, bundle, world)
    response = client.post(url, data) if method == "post" else client.get(url, data)
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"


def test_every_forum_route_has_a_row_in_the_matrix():
    covered = {name for name, *_ in MATRIX}
    names = get_resolver().namespace_dict["forum"][1].reverse_dict
    missing = [f"forum:{name}" for name in names if isinstance(name, str) and f"forum:{name}" not in covered]
    assert not missing, f"routes without a permission matrix row: {missing}"


def test_every_object_route_is_tried_on_an_object_the_role_may_not_see():
    """Each route that takes an object has at least one row where someone in the network gets 404."""
    routes = CATEGORY_ROUTES | THREAD_ROUTES | POST_ROUTES | ARTICLE_ROUTES
    denied = {name for name, _method, _target, expected in MATRIX if 404 in expected.values()}
    assert routes <= denied, f"never tried on a hidden object: {sorted(routes - denied)}"
