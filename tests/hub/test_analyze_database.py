"""analyze_database: the planner's statistics, so the newest reports are read in index order."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from hub import scheduler
from reports import selectors
from tests.partners.factories import OrganisationFactory, make_member
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_with_reports():
    member = make_member()
    ReportFactory.create_batch(80, reporter=member, responsible_organisation=OrganisationFactory())
    return member


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


def test_with_statistics_the_newest_reports_are_read_in_index_order_not_sorted(member_with_reports):
    newest = selectors.reports_for(member_with_reports)[:25]
    assert "TEMP B-TREE" in _plan(newest)
    call_command("analyze_database", stdout=StringIO())
    assert "TEMP B-TREE" not in _plan(newest) and "report_occurred_idx" in _plan(newest)


@pytest.mark.both_databases
def test_analyzing_records_the_size_of_the_tables(member_with_reports):
    call_command("analyze_database", stdout=StringIO())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'reports_report' AND idx IS NOT NULL")
            assert {row[0].split()[0] for row in cursor.fetchall()} == {"80"}
        else:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'reports_report'")
            assert cursor.fetchone()[0] == 80


def test_the_statistics_are_refreshed_daily():
    assert "analyze_database" in {job.command for job in scheduler.JOBS}
