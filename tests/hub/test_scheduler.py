"""The embedded scheduler: each job's slots, a due job runs once, also with several processes."""

import shutil
import subprocess
import sys
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from hub import scheduler
from hub.models import ScheduledRun

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM)


def test_slots_every_quarter_daily_and_weekly(settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    assert scheduler.every(15)(at("2026-12-07 10:37")) == at("2026-12-07 10:30")
    assert scheduler.daily(time(7, 0))(at("2026-12-07 06:59")) == at("2026-12-06 07:00")
    assert scheduler.daily(time(7, 0))(at("2026-12-07 07:00")) == at("2026-12-07 07:00")
    monday_six = scheduler.daily(time(6, 0), weekday=scheduler.MONDAY)
    assert monday_six(at("2026-12-10 12:00")) == at("2026-12-07 06:00")  # a Thursday
    assert monday_six(at("2026-12-07 05:00")) == at("2026-11-30 06:00")


def test_a_due_job_runs_once_per_slot_and_again_in_the_next(settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    job = scheduler.Job("verify_audit", "verify_audit", scheduler.every(15))
    now = at("2026-12-07 10:37")
    assert scheduler.run_due(now, [job]) == ["verify_audit"]
    assert scheduler.run_due(now + timedelta(minutes=5), [job]) == []
    assert scheduler.run_due(now + timedelta(minutes=10), [job]) == ["verify_audit"]
    runs = ScheduledRun.objects.order_by("slot")
    assert [run.outcome for run in runs] == ["ok", "ok"]
    assert "intact" in runs[0].output


def test_a_failing_job_is_recorded_and_the_others_still_run(settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    broken = scheduler.Job("broken", "no_such_command", scheduler.every(15))
    fine = scheduler.Job("verify_audit", "verify_audit", scheduler.every(15))
    assert scheduler.run_due(at("2026-12-07 10:37"), [broken, fine]) == ["broken", "verify_audit"]
    assert ScheduledRun.objects.get(job="broken").outcome == "failed"


def test_two_scheduler_processes_run_each_due_job_once():
    from tests.realtime.live import new_database_env
    from tests.support import ROOT, hub_env, manage

    env = new_database_env(hub_env, DJANGO_LOG_LEVEL="ERROR")
    try:
        manage(env, "migrate", "--no-input")
        command = [sys.executable, "manage.py", "run_scheduler", "--once"]
        processes = [
            subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=300) for process in processes]
        assert all(process.returncode == 0 for process in processes), outputs
        ran = [
            line.removeprefix("ran ")
            for out, _err in outputs
            for line in out.splitlines()
            if line.startswith("ran ")
        ]
        assert sorted(ran) == sorted(job.name for job in scheduler.JOBS), outputs
        counts = manage(
            env,
            "shell",
            "-c",
            "from hub.models import ScheduledRun; from django.db.models import Count; "
            "runs = ScheduledRun.objects.values('job').annotate(n=Count('id')); "
            "print(sorted(run['n'] for run in runs))",
        )
        assert counts.strip().splitlines()[-1] == str([1] * len(scheduler.JOBS))
    finally:
        shutil.rmtree(env["DATABASE_URL"].removeprefix("sqlite:///").rsplit("/", 1)[0], ignore_errors=True)


def test_the_hub_started_with_the_scheduler_on_runs_the_due_jobs_itself():
    """What `make run` does (HUB_SCHEDULER=1): no cron, and the jobs still run."""
    import time as clock

    from tests.realtime.live import new_database_env
    from tests.support import hub_env, manage, start_daphne, stop

    env = new_database_env(hub_env, DJANGO_LOG_LEVEL="ERROR", HUB_SCHEDULER="1")
    manage(env, "migrate", "--no-input")
    server = start_daphne(env)
    try:
        deadline = clock.monotonic() + 60
        while clock.monotonic() < deadline:
            done = manage(
                env, "shell", "-c", "from hub.models import ScheduledRun; print(ScheduledRun.objects.count())"
            )
            if int(done.strip().splitlines()[-1]) >= len(scheduler.JOBS):
                break
            clock.sleep(1)
        else:
            raise AssertionError("the scheduler did not run the jobs:\n" + server.output())
    finally:
        stop(server.process)
        shutil.rmtree(env["DATABASE_URL"].removeprefix("sqlite:///").rsplit("/", 1)[0], ignore_errors=True)
