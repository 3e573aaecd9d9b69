"""Demo escalations: one open from Haninge Bostäder AB about recurring vandalism, one answered."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from escalations.models import Escalation, EscalationEvent, Status, Urgency
from escalations.targets import due_at
from partners.markup import render_markdown
from partners.models import Organisation, User

OPEN_SUBJECT = "Återkommande skadegörelse i Brandbergens centrum"
OPEN_SUMMARY = (
    "Sedan i våras har vi haft skadegörelse i trapphus och tvättstugor vid Brandbergens centrum "
    "nästan varje helg: krossade glasrutor, brandlarm som utlöses och klotter. Kostnaden är hittills "
    "omkring 400 000 kronor.\n\nVi behöver stöd från kommunledningen för **utökad belysning och "
    "kameraövervakning** i samverkan med polisen, och att fältassistenterna prioriterar området helgkvällar."
)
ANSWERED_SUBJECT = "Nedsläckt gatubelysning på gångvägen mot Jordbro station"
ANSWERED_SUMMARY = (
    "Gångvägen från Jordbro centrum till stationen har varit mörk i tre veckor. Boende känner sig "
    "otrygga, särskilt kvällstid."
)
ANSWER = (
    "Tack för signalen. Stadsbyggnadsförvaltningen har fått i uppdrag att byta armaturerna denna vecka "
    "och trygghetsvandringen i Jordbro flyttas fram så att vi kan se över platsen tillsammans."
)


def seed(stdout: object = None) -> None:
    housing = Organisation.objects.filter(name="Haninge Bostäder AB").first()
    housing2 = Organisation.objects.filter(name="Jordbro Hyresfastigheter AB").first()
    berit = User.objects.filter(email="bostad@demo.test").first()
    fredrik = User.objects.filter(email="fastighet@demo.test").first()
    leader = User.objects.filter(email="ledning@demo.test").first()
    if not (housing and housing2 and berit and fredrik and leader):
        return
    now = timezone.now()
    created = now - timedelta(hours=5)
    escalation, made = Escalation.objects.get_or_create(
        organisation=housing,
        subject=OPEN_SUBJECT,
        defaults={
            "raised_by": berit,
            "summary": OPEN_SUMMARY,
            "summary_html": render_markdown(OPEN_SUMMARY),
            "urgency": Urgency.URGENT,
            "created_at": created,
            "due_at": due_at(created, Urgency.URGENT),
        },
    )
    if made:
        EscalationEvent.objects.create(
            escalation=escalation, kind=EscalationEvent.Kind.RAISED, actor=berit, created_at=created
        )
    created = now - timedelta(days=6)
    escalation, made = Escalation.objects.get_or_create(
        organisation=housing2,
        subject=ANSWERED_SUBJECT,
        defaults={
            "raised_by": fredrik,
            "summary": ANSWERED_SUMMARY,
            "summary_html": render_markdown(ANSWERED_SUMMARY),
            "urgency": Urgency.NORMAL,
            "created_at": created,
            "due_at": due_at(created, Urgency.NORMAL),
            "status": Status.ANSWERED,
            "acknowledged_at": created + timedelta(hours=3),
            "acknowledged_by": leader,
            "answer": ANSWER,
            "answer_html": render_markdown(ANSWER),
            "answered_at": created + timedelta(days=1),
            "answered_by": leader,
        },
    )
    if made:
        for kind, actor, at in [
            (EscalationEvent.Kind.RAISED, fredrik, created),
            (EscalationEvent.Kind.ACKNOWLEDGED, leader, created + timedelta(hours=3)),
            (EscalationEvent.Kind.ANSWERED, leader, created + timedelta(days=1)),
        ]:
            EscalationEvent.objects.create(escalation=escalation, kind=kind, actor=actor, created_at=at)
