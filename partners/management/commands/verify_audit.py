"""Walk the audit log's hash chain and the signatures; name the first broken link and alert the
coordinators when there is one."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext_noop

from partners import audit_chain, permissions
from partners.models import AuditChainHead, Role, User
from realtime.messages import Message
from realtime.services import notify


class Command(BaseCommand):
    help = (
        "Check that no audit event or signature was changed, inserted or removed behind the hub's back. "
        "Schedule it daily (cron: 30 4 * * * manage.py verify_audit); a break is told to the "
        "coordinators and the command exits with status 1."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        broken = audit_chain.verify()
        head = AuditChainHead.objects.filter(pk=1).first()
        if broken is None:
            length, chain_hash = (head.length, head.chain_hash) if head else (0, "-")
            self.stdout.write(f"audit chain intact: {length} events, head {chain_hash}")
            return
        coordinators = User.objects.filter(is_active=True, groups__name=Role.COORDINATOR)
        notify(
            [user for user in coordinators if permissions.is_coordinator(user)],
            "audit.chain_broken",
            Message(
                gettext_noop("The audit log's tamper check failed at %(where)s: %(why)s."),
                where=broken.where,
                why=broken.why,
            ),
            reverse("partners:audit"),
        )
        raise CommandError(f"audit chain broken at {broken}")
