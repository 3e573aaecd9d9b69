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
