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
    # The session, the person, the badge's two and the navigation's: no panel asks anything.
    assert _queries(client) <= 7


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
