import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import Report
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


def _queries(client, path="/"):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_a_second_dashboard_load_reuses_the_rendered_panels(member, client_for):
    client = client_for(member)
    first = _queries(client)
    assert _queries(client) < first - 5


def test_a_change_to_the_data_shows_on_the_next_dashboard_load(member, client_for):
    client = client_for(member)
    organisation = member.membership.organisation
    ReportFactory(responsible_organisation=organisation)
    before = client.get("/").content.decode()
    ReportFactory(responsible_organisation=organisation)
    after = client.get("/").content.decode()
    assert before != after
    assert Report.objects.filter(responsible_organisation=organisation).count() == 2


def test_two_sessions_of_one_person_never_share_a_fragment(rf):
    from django.contrib.sessions.backends.db import SessionStore

    from hub import fragments

    rendered = []
    for _ in range(2):
        request = rf.get("/")
        request.session = SessionStore()
        request.session.create()
        fragments.cached(request, "test", lambda: rendered.append(1) or "html with this session's token")
    assert len(rendered) == 2


def test_a_page_without_a_session_is_rendered_every_time(rf):
    from django.contrib.sessions.backends.db import SessionStore

    from hub import fragments

    request = rf.get("/")
    request.session = SessionStore()
    calls = [fragments.cached(request, "test", lambda: object()) for _ in range(2)]
    assert calls[0] is not calls[1]


def test_a_new_report_shows_on_the_next_load_of_a_cached_report_list(member, client_for):
    client = client_for(member)
    organisation = member.membership.organisation
    ReportFactory(responsible_organisation=organisation, place_text="Första platsen")
    assert "Första platsen" in client.get("/reports/").content.decode()
    ReportFactory(responsible_organisation=organisation, place_text="Andra platsen")
    assert "Andra platsen" in client.get("/reports/").content.decode()


def test_a_cached_report_list_costs_few_queries_and_each_filter_is_its_own(member, client_for):
    client = client_for(member)
    ReportFactory(responsible_organisation=member.membership.organisation)
    first = _queries(client, "/reports/")
    cached = _queries(client, "/reports/")
    assert cached < first
    assert _queries(client, "/reports/?status=new") > cached


def _session_request(rf, user=None):
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/")
    request.session = SessionStore()
    request.session.create()
    if user is not None:
        request.user = user
    return request


def test_a_fragment_that_reads_some_apps_is_kept_while_only_other_apps_data_changes(rf, member):
    from hub import fragments
    from tests.forum.factories import CategoryFactory
    from tests.meetings.factories import make_meeting

    request = _session_request(rf)
    rendered = []

    def render():
        rendered.append(1)
        return len(rendered)

    assert fragments.cached(request, "meetings-only", render, reads=("meetings",)) == 1
    CategoryFactory()
    assert fragments.cached(request, "meetings-only", render, reads=("meetings",)) == 1
    make_meeting(chair=member, organisations=[member.membership.organisation])
    assert fragments.cached(request, "meetings-only", render, reads=("meetings",)) == 2


def test_a_fragment_that_names_no_apps_is_rendered_afresh_after_any_change(rf):
    from hub import fragments
    from tests.forum.factories import CategoryFactory

    request = _session_request(rf)
    rendered = []
    fragments.cached(request, "any", lambda: rendered.append(1))
    CategoryFactory()
    fragments.cached(request, "any", lambda: rendered.append(1))
    assert len(rendered) == 2


def test_the_audit_record_every_action_writes_moves_no_fragment(member):
    from hub import fragments
    from partners import audit

    before = fragments.versions(None) + fragments.versions(("partners",))
    audit.record(actor=member, action="thing.do", target=member)
    assert fragments.versions(None) + fragments.versions(("partners",)) == before


def test_after_a_forum_post_the_dashboard_renders_only_the_panels_that_read_the_forum(member, client_for):
    from forum.models import Thread
    from tests.forum.factories import ThreadFactory

    client = client_for(member)
    first = _queries(client)
    again = _queries(client)
    thread = ThreadFactory(title="Klotter vid Handenterminalen", author=member)
    after_post = _queries(client)
    assert again < after_post < first - 5
    assert thread.title in client.get("/").content.decode()
    assert Thread.objects.count() == 1


def test_a_panel_with_nothing_to_show_is_remembered_as_nothing(member, client_for):
    client = client_for(member)
    _queries(client)
    # The session, the person, their membership, organisation and roles, and the badge: no panel or
    # menu asks anything.
    assert _queries(client) <= 6


def test_a_version_the_cache_lost_comes_back_as_one_never_used_before(rf):
    from django.core.cache import cache

    from hub import fragments

    request = _session_request(rf)
    rendered = []
    fragments.cached(request, "lost", lambda: rendered.append(1), reads=("meetings",))
    cache.delete(f"{fragments.VERSION_KEY}:meetings")  # evicted, or the cache restarted
    fragments.cached(request, "lost", lambda: rendered.append(1), reads=("meetings",))
    assert len(rendered) == 2


def test_the_in_process_cache_holds_a_fragment_per_panel_for_hundreds_of_people():
    from django.conf import settings as live

    if "locmem" in live.CACHES["default"]["BACKEND"]:
        assert live.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] >= 200 * 10


class _ClockAhead:
    def __init__(self, seconds):
        import time

        self.offset, self.real = seconds, time.time

    def time(self):
        return self.real() + self.offset


def _cache_clock_ahead(monkeypatch, seconds):
    monkeypatch.setattr("django.core.cache.backends.locmem.time", _ClockAhead(seconds))


def _dashboard_sql(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return " ".join(query["sql"] for query in captured.captured_queries)


def test_a_moment_the_clock_changes_a_fragment_bounds_how_long_it_is_kept():
    from datetime import timedelta

    from django.utils import timezone

    from hub import fragments

    assert fragments.seconds_until(None) == fragments.KEPT_SECONDS
    assert 88 <= fragments.seconds_until(timezone.now() + timedelta(seconds=90)) <= 90
    assert fragments.seconds_until(timezone.now() - timedelta(hours=1)) == 1
    assert fragments.seconds_until(timezone.now() + timedelta(days=3)) == fragments.KEPT_SECONDS


def test_a_fragment_is_kept_as_long_as_its_value_says(rf, monkeypatch):
    from hub import fragments

    request = _session_request(rf)
    rendered = []

    def render():
        rendered.append(1)
        return 120

    fragments.cached(request, "says", render, reads=("meetings",), seconds=lambda value: value)
    _cache_clock_ahead(monkeypatch, 100)
    fragments.cached(request, "says", render, reads=("meetings",), seconds=lambda value: value)
    assert len(rendered) == 1
    _cache_clock_ahead(monkeypatch, 130)
    fragments.cached(request, "says", render, reads=("meetings",), seconds=lambda value: value)
    assert len(rendered) == 2


def test_a_panel_the_clock_does_not_change_outlives_one_that_does_not_say(member, client_for, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from tests.meetings.factories import make_meeting

    start = timezone.now() + timedelta(days=2)
    make_meeting(
        chair=member,
        organisations=[member.membership.organisation],
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    client = client_for(member)
    assert 'FROM "meetings_meeting"' in _dashboard_sql(client)
    _cache_clock_ahead(monkeypatch, 60)
    later = _dashboard_sql(client)
    assert 'FROM "meetings_meeting"' not in later  # kept until the meeting ends (10 minutes at most)
    assert 'FROM "escalations_escalation"' in later  # breaches go by the clock: FRAGMENT_SECONDS


def test_a_meeting_panel_is_rendered_afresh_when_its_meeting_ends(member, client_for, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from tests.meetings.factories import make_meeting

    make_meeting(
        chair=member,
        organisations=[member.membership.organisation],
        title="Forumsmöte i Jordbro",
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(seconds=45),
    )
    client = client_for(member)
    assert "Forumsmöte i Jordbro" in client.get("/").content.decode()
    _cache_clock_ahead(monkeypatch, 50)
    assert 'FROM "meetings_meeting"' in _dashboard_sql(client)


def test_signing_in_moves_no_fragment(member):
    from django.contrib.auth.models import update_last_login

    from hub import fragments

    before = fragments.versions(None) + fragments.versions(("partners",))
    update_last_login(None, member)
    assert fragments.versions(None) + fragments.versions(("partners",)) == before


def test_a_change_to_a_person_moves_the_partners_version(member):
    from hub import fragments

    before = fragments.versions(("partners",))
    member.full_name = "Ny Namnsson"
    member.save(update_fields=["full_name"])
    assert fragments.versions(("partners",)) != before


def test_a_role_granted_shows_in_the_navigation_on_the_next_page(member, coordinator, client_for):
    from partners import services
    from partners.models import Role

    client = client_for(member)
    assert "Administration" not in client.get("/").content.decode()
    services.set_hub_role(by=coordinator, user=member, role=Role.COORDINATOR, granted=True)
    assert "Administration" in client.get("/").content.decode()


# --- shared fragments -----------------------------------------------------------------------------


@pytest.fixture
def empty_cache():
    from django.core.cache import cache

    cache.clear()


def _shared(values, text="<p>ett inlägg</p>", rendered=None):
    from hub import fragments

    def render():
        if rendered is not None:
            rendered.append(values)
        return text

    return fragments.shared("test-row", values, render)


def test_a_shared_fragment_is_rendered_once_for_everyone_shown_the_same_values(empty_cache):
    rendered = []
    texts = [_shared([1, "Anna", "kan redigera"], rendered=rendered) for _ in range(3)]
    assert texts == ["<p>ett inlägg</p>"] * 3 and len(rendered) == 1


def test_a_shared_fragment_is_rendered_afresh_when_any_value_it_shows_differs(empty_cache):
    rendered = []
    _shared([1, "Anna", "kan redigera"], rendered=rendered)
    _shared([1, "Anna Ek", "kan redigera"], rendered=rendered)
    _shared([1, "Anna Ek", "kan bara läsa"], rendered=rendered)
    assert len(rendered) == 3


def test_a_shared_fragment_is_kept_per_language(empty_cache):
    from django.utils import translation

    rendered = []
    for language in ("sv", "en", "sv"):
        with translation.override(language):
            _shared([1], rendered=rendered)
    assert len(rendered) == 2


def test_a_shared_fragment_holding_a_forms_csrf_token_is_never_kept(empty_cache):
    rendered = []
    form = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="abc"></form>'
    for _ in range(2):
        _shared([7], text=form, rendered=rendered)
    assert len(rendered) == 2


def test_a_shared_fragment_that_reads_an_app_is_rendered_afresh_when_its_data_changes(empty_cache):
    from hub import fragments

    rendered = []
    for change in (False, True, False):
        if change:
            fragments.bump("partners")
        fragments.shared(
            "areas", ["?"], lambda: rendered.append(1) or "<select></select>", reads=("partners",)
        )
    assert len(rendered) == 2


def test_an_edited_post_shows_its_new_text_to_everyone_reading_the_thread(client_for):
    from forum import services
    from tests.forum.factories import CategoryFactory
    from tests.partners.factories import make_member

    author, reader = make_member(), make_member()
    thread = services.create_thread(category=CategoryFactory(), by=author, title="Tråd", body="Första texten")
    for person in (author, reader):
        assert "Första texten" in client_for(person).get(thread.get_absolute_url()).content.decode()
    services.edit_post(post=thread.posts.get(), by=author, body="Rättad text")
    page = client_for(reader).get(thread.get_absolute_url()).content.decode()
    assert "Rättad text" in page and "Första texten" not in page


def test_each_reader_of_a_shared_post_sees_their_own_actions_on_it(client_for):
    from forum import services
    from tests.forum.factories import CategoryFactory
    from tests.partners.factories import make_member

    author, reader = make_member(), make_member()
    thread = services.create_thread(category=CategoryFactory(), by=author, title="Tråd", body="Text")
    edit_url = f"/forum/p/{thread.posts.get().pk}/edit/"
    assert edit_url in client_for(author).get(thread.get_absolute_url()).content.decode()
    assert edit_url not in client_for(reader).get(thread.get_absolute_url()).content.decode()


def test_the_shared_fragment_tag_renders_its_contents_once_per_set_of_values(empty_cache):
    from django.template import Context, Template

    calls = []
    template = Template(
        '{% load fragments %}{% shared_fragment "row" item.pk item.name reads="partners" %}'
        "{{ item.render }}{% endshared_fragment %}"
    )

    class Item:
        def __init__(self, pk, name):
            self.pk, self.name = pk, name

        def render(self):
            calls.append(self.pk)
            return f"[{self.name}]"

    texts = [
        template.render(Context({"item": Item(pk, name)})) for pk, name in ((1, "A"), (1, "A"), (2, "B"))
    ]
    assert texts == ["[A]", "[A]", "[B]"] and calls == [1, 2]


def test_a_shared_fragment_tag_without_a_name_is_refused():
    from django.template import Template, TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template("{% load fragments %}{% shared_fragment %}x{% endshared_fragment %}")
