"""Personal data is registered once (partners.privacy), and the registry drives both "my data" and
the anonymisation of a closed report, across every app."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from escalations.models import Escalation
from forum import services as forum_services
from partners import privacy
from reports import services as report_services
from reports.models import Report
from situation.models import FindingResponse, WalkFinding
from tests.forum.factories import CategoryFactory
from tests.reports.factories import ReportFactory
from tests.situation.factories import WalkFactory

pytestmark = pytest.mark.django_db

HUB_APPS = {
    "hub",
    "partners",
    "realtime",
    "forum",
    "reports",
    "agreements",
    "escalations",
    "situation",
    "meetings",
}
NAME, PERSONNUMMER = "Kalle Karlsson", "19850101-1234"


def _user_fields():
    user_model = get_user_model()
    for model in apps.get_models():
        if model._meta.app_label not in HUB_APPS:
            continue
        if model is user_model:
            yield model, "pk"
        for field in model._meta.get_fields():
            relation = field.many_to_one or field.one_to_one or field.many_to_many
            if relation and not field.auto_created and field.related_model is user_model:
                yield model, field.name


def test_every_user_field_of_every_model_is_registered():
    registered = {(entry.model, entry.field) for entry in privacy.entries()}
    missing = [
        f"{model._meta.label}.{field}" for model, field in _user_fields() if (model, field) not in registered
    ]
    assert not missing, f"register these with partners.privacy: {missing}"


def test_my_data_holds_posts_flags_articles_escalations_and_findings(member, outsider, chair, organisation):
    category = CategoryFactory(slug="klotter", chairs=[chair])
    thread = forum_services.create_thread(
        category=category, by=outsider, title="Klotter", body="Vid stationen"
    )
    forum_services.reply(thread=thread, by=member, body="Mitt svar om tunneln")
    forum_services.flag_post(post=thread.posts.first(), by=member, reason="Fel tråd")
    forum_services.save_article(
        by=member,
        category=category,
        title="Min artikel",
        summary="Kort",
        body="Text",
        evidence_level="promising",
        sources=[],
    )
    Escalation.objects.create(
        organisation=organisation,
        raised_by=member,
        subject="Min eskalering",
        summary="Text",
        due_at=timezone.now(),
    )
    report = ReportFactory(reporter=member, organisation=organisation)
    finding = WalkFinding.objects.create(walk=WalkFactory(), report=report, added_by=member)
    FindingResponse.objects.create(
        finding=finding, organisation=organisation, commitment="Vi lagar", by=member
    )

    data = privacy.export(member)

    assert [post["body_raw"] for post in data["forum"]["posts"]] == ["Mitt svar om tunneln"]
    assert [flag["reason"] for flag in data["forum"]["flags"]] == ["Fel tråd"]
    assert [article["title"] for article in data["forum"]["articles"]] == ["Min artikel"]
    assert [escalation["subject"] for escalation in data["escalations"]["raised"]] == ["Min eskalering"]
    assert [found["report_id"] for found in data["situation"]["findings_added"]] == [report.pk]
    assert [response["commitment"] for response in data["situation"]["finding_commitments"]] == ["Vi lagar"]
    assert "Vid stationen" not in str(data), "someone else's post is not the member's data"


def _text_anywhere(secret):
    """Every text, char and JSON column of every row of the hub's models that holds `secret`."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in HUB_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                rows = model._default_manager.filter(**{f"{field.name}__contains": secret})
            elif isinstance(field, models.JSONField):
                rows = [
                    row for row in model._default_manager.all() if secret in str(getattr(row, field.name))
                ]
            else:
                continue
            found += [f"{model._meta.label}.{field.name}#{row.pk}" for row in rows]
    return found


def test_anonymising_a_report_leaves_no_copy_of_its_text_in_any_app(
    settings, organisation, member, leader, coordinator, org_admin
):
    settings.REPORTS_RETENTION_DAYS = 30
    report = ReportFactory(
        reporter=member,
        organisation=organisation,
        responsible_organisation=organisation,
        severity=Report.Severity.HIGH,
        place_text=f"Poststigen 4, hos {NAME}",
        description=f"{NAME} ({PERSONNUMMER}) såg två personer krossa rutan.",
        assigned_at=timezone.now() - timedelta(days=10),
        due_at=timezone.now() - timedelta(days=5),
    )
    finding = WalkFinding.objects.create(walk=WalkFactory(), report=report, added_by=member)
    FindingResponse.objects.create(
        finding=finding, organisation=organisation, commitment=f"Vi kontaktar {NAME}.", by=member
    )
    report_services.run_overdue_ladder()
    escalation = Escalation.objects.get()
    assert PERSONNUMMER in escalation.summary, "the ladder copies the description into the escalation"
    report_services.resolve_report(report=report, by=member, note=f"Pratat med {NAME}.")
    long_ago = timezone.now() - timedelta(days=60)
    Report.objects.filter(pk=report.pk).update(resolved_at=long_ago)
    report.events.update(created_at=long_ago)

    assert report_services.anonymise_expired_reports() == 1

    assert _text_anywhere(NAME) == []
    assert _text_anywhere(PERSONNUMMER) == []
    escalation.refresh_from_db()
    assert escalation.source_id == report.pk and escalation.urgency == "urgent"


def test_security_md_lists_every_registered_model():
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "docs" / "SECURITY.md").read_text()
    section = text.split("### Registered personal data", 1)[1].split("\n## ", 1)[0]
    missing = [
        f"{entry.model._meta.label}.{entry.field}"
        for entry in privacy.entries()
        if f"`{entry.field}` → `{entry.app}.{entry.section}`" not in section
        or f"`{entry.model._meta.label}`" not in section
    ]
    assert not missing, f"docs/SECURITY.md's personal-data table lacks {missing}"
