"""Bench of the agreements app on a throwaway SQLite database: a Handslag signed by many organisations.

Usage: .venv/bin/python bench/agreements.py [--organisations 300] [--repeat 30]
Prints one line per measurement: `name key=value ...`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(function, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="bench-agreements-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hub.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3",
        DJANGO_LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)

    from django.contrib.auth.models import Group

    from agreements import selectors, services
    from agreements.models import (
        Agreement,
        AgreementVersion,
        Commitment,
        FollowUp,
        FollowUpPeriod,
        Measure,
        MeasureArea,
        Programme,
        Signature,
    )
    from partners.categories import IncidentCategory
    from partners.demo import with_check_digit
    from partners.models import Membership, Organisation, User

    n = args.organisations
    coordinator = User.objects.create_user(email="coord@bench.test", password="x", full_name="Coordinator")
    municipality = Organisation.objects.create(
        name="Kommunen", kind="municipality", organisation_number=with_check_digit("212000014")
    )
    Membership.objects.create(user=coordinator, organisation=municipality)
    coordinator.groups.add(Group.objects.get_or_create(name="coordinator")[0])
    agreement = Agreement.objects.create(kind=Agreement.Kind.HANDSLAG, title="Handslag mot skadegörelse")
    v1 = AgreementVersion.objects.create(
        agreement=agreement,
        number=1,
        body_raw="Vi lovar att snabbt åtgärda skadegörelse.\n" * 40,
        valid_from=date(2019, 1, 1),
        valid_until=date(2026, 12, 31),
    )
    for category in IncidentCategory.values:
        Commitment.objects.create(
            version=v1, category=category, promise="Löfte " * 10, response_target_hours=48
        )
    v1.status = AgreementVersion.Status.IN_FORCE
    v1.save(update_fields=["status"])
    people = []
    for i in range(n):
        organisation = Organisation.objects.create(
            name=f"Partner {i:04d}", kind="housing", organisation_number=with_check_digit(f"556{i:06d}")
        )
        person = User.objects.create_user(email=f"s{i}@bench.test", password="x", full_name=f"Signer {i}")
        Membership.objects.create(user=person, organisation=organisation, is_signatory=True)
        Signature.objects.create(
            version=v1, organisation=organisation, signed_by=person, text_sha256=v1.text_sha256()
        )
        people.append(person)
    v2 = services.draft_next_version(agreement=agreement, by=coordinator)
    start = time.perf_counter()
    services.open_for_signing(version=v2, by=coordinator)
    open_ms = (time.perf_counter() - start) * 1000
    for person in people[: n // 2]:
        Signature.objects.create(
            version=v2,
            organisation=person.membership.organisation,
            signed_by=person,
            text_sha256=v2.text_sha256(),
        )

    programme = Programme.objects.create(kind=Programme.Kind.COMMISSION, title="Åtgärder")
    areas = [
        MeasureArea.objects.create(programme=programme, name=f"Område {i}", position=i) for i in range(4)
    ]
    measures = [
        Measure.objects.create(
            programme=programme,
            number=i + 1,
            title=f"Åtgärd {i + 1}",
            area=areas[i % 4],
            responsible=municipality,
            budget_sek=1_000_000,
        )
        for i in range(15)
    ]
    periods = []
    for year in range(2020, 2027):
        for term in ("t1", "t2", "annual"):
            period = FollowUpPeriod.objects.create(
                programme=programme, year=year, term=term, is_published=True
            )
            periods.append(period)
            for measure in measures:
                FollowUp.objects.create(
                    measure=measure,
                    period=period,
                    status="in_progress",
                    spent_sek=250_000,
                    narrative="Det går framåt. " * 10,
                )

    client = Client()
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    anonymous = Client()
    at = datetime(2026, 6, 1, 12, 0).astimezone()
    lookup = timed(lambda: selectors.response_target_hours("graffiti", at), args.repeat * 10)
    pages = {
        "version_page": (f"/agreements/versions/{v2.pk}/", f"signatures={n // 2}"),
        "renewal_board": (f"/agreements/versions/{v2.pk}/board/", f"organisations={n}"),
        "version_pdf": (f"/agreements/versions/{v1.pk}/pdf/", f"signatures={n}"),
        "period_report": (f"/agreements/periods/{periods[-2].pk}/", "measures=15"),
        "period_csv": (f"/agreements/periods/{periods[-2].pk}/csv/", "measures=15"),
    }
    print(f"# {n} organisations signed v1, {n // 2} signed v2; {len(periods)} periods x 15 measures")
    print(f"agreements_response_target_lookup p50_ms={lookup[0]:.2f} p95_ms={lookup[1]:.2f}")
    print(f"agreements_open_for_signing organisations={n} ms={open_ms:.0f}")
    for name, (url, size) in pages.items():
        assert client.get(url).status_code == 200, url
        p50, p95 = timed(lambda url=url: client.get(url), args.repeat)
        print(f"agreements_{name} {size} p50_ms={p50:.1f} p95_ms={p95:.1f}")
    assert anonymous.get("/agreements/public/").status_code == 200
    p50, p95 = timed(lambda: anonymous.get("/agreements/public/"), args.repeat)
    print(f"agreements_public_page periods={len(periods)} p50_ms={p50:.1f} p95_ms={p95:.1f}")
    today = v1.valid_until.replace(day=17)
    start = time.perf_counter()
    first = services.send_due_reminders(today=today)
    first_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    second = services.send_due_reminders(today=today)
    second_ms = (time.perf_counter() - start) * 1000
    print(f"agreements_reminders_first_run sent={first} ms={first_ms:.0f}")
    print(f"agreements_reminders_repeat_run sent={second} ms={second_ms:.0f}")


if __name__ == "__main__":
    main()
