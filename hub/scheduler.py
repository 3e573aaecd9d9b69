"""The hub's scheduled jobs, run by the hub itself where no cron is installed (`make run`), and
listed for cron or systemd timers in production (docs/DEPLOY.md).

Each job has slots (every 15 minutes, daily at 07:00, Mondays at 06:00, local time). A scheduler
runs a job for its most recent slot unless a ScheduledRun row for that slot exists; inserting that
row is the lock, so with several hub processes each due slot runs once. A hub that was down runs
each job once for the latest slot it missed, not for every one (the jobs are idempotent).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from io import StringIO

from django.core.management import call_command
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from hub.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    latest_slot: Callable[[datetime], datetime]


def every(minutes: int) -> Callable[[datetime], datetime]:
    def latest(now: datetime) -> datetime:
        local = timezone.localtime(now).replace(second=0, microsecond=0)
        return local - timedelta(minutes=local.minute % minutes)

    return latest


def daily(at: time, *, weekday: int | None = None) -> Callable[[datetime], datetime]:
    def latest(now: datetime) -> datetime:
        local = timezone.localtime(now)
        slot = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
        while slot > local or (weekday is not None and slot.weekday() != weekday):
            slot -= timedelta(days=1)
        return slot

    return latest


MONDAY = 0
JOBS = [
    Job("report_overdue", "report_overdue", every(15)),
    Job("send_notification_digest", "send_notification_digest", daily(time(7, 0))),
    Job("agreement_activate", "agreement_activate", daily(time(0, 5))),
    Job("agreement_reminders", "agreement_reminders", daily(time(8, 0))),
    Job("situation_compile_week", "situation_compile_week", daily(time(6, 0), weekday=MONDAY)),
    Job("situation_remind_reporters", "situation_remind_reporters", daily(time(8, 0), weekday=MONDAY)),
    Job("anonymise_reports", "anonymise_reports", daily(time(2, 0))),
    Job("erase_citizen_contacts", "erase_citizen_contacts", daily(time(2, 30))),
    Job("verify_audit", "verify_audit", daily(time(4, 30))),
    Job("analyze_database", "analyze_database", daily(time(3, 30))),
    # The webhook outbox: each round sends what is due (new deliveries and retries) for up to 50 s.
    Job("send_webhooks", "send_webhooks", every(1)),
    Job("meetings_year_reminders", "meetings_year_reminders", daily(time(7, 30))),
]


def _claim(job: Job, slot: datetime) -> ScheduledRun | None:
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(job=job.name, slot=slot)
    except IntegrityError:
        return None


def run_due(now: datetime | None = None, jobs: list[Job] | None = None) -> list[str]:
    """Run every job whose latest slot has not run yet; returns the names of those this call ran."""
    now = now or timezone.now()
    ran = []
    for job in jobs if jobs is not None else JOBS:
        slot = job.latest_slot(now)
        if ScheduledRun.objects.filter(job=job.name, slot=slot).exists():
            continue
        run = _claim(job, slot)
        if run is None:
            continue  # another process claimed it first
        out = StringIO()
        try:
            call_command(job.command, stdout=out, stderr=out)
            run.outcome = "ok"
        except BaseException as error:  # a failing job must not stop the scheduler
            logger.exception("Scheduled job %s failed", job.name)
            out.write(f"\n{type(error).__name__}: {error}")
            run.outcome = "failed"
        run.finished_at = timezone.now()
        run.output = out.getvalue()[-5000:]
        run.save(update_fields=["outcome", "finished_at", "output"])
        ran.append(job.name)
    return ran


def start_in_background(interval_seconds: float = 30) -> threading.Thread:
    """The embedded scheduler: a daemon thread of the hub process, checking every interval."""
    stop = threading.Event()

    def loop() -> None:
        # A first round shortly after start, so a hub that was down catches up at once.
        delay = min(5.0, interval_seconds)
        while not stop.wait(delay):
            delay = interval_seconds
            try:
                run_due()
            except Exception:
                logger.exception("The scheduler's round failed; it tries again")
            finally:
                close_old_connections()

    thread = threading.Thread(target=loop, name="hub-scheduler", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread
