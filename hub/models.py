from django.db import models


class ScheduledRun(models.Model):
    """One run of a scheduled job for one of its slots. The unique (job, slot) is the lock: of
    several hub processes whose schedulers see the same slot due, exactly one inserts the row and
    runs the job."""

    job = models.CharField(max_length=64)
    slot = models.DateTimeField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, blank=True)
    output = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot")]
        ordering = ["-slot"]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M} {self.outcome}"
