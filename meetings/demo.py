"""Demo forum meetings: last month's meeting with approved minutes (justerat) and open actions, one
of them done, and the next meeting planned with its invitations out."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from agreements.models import FollowUpPeriod, Measure
from meetings import services
from meetings.models import Action, ActionPlan, AgendaItem, AnnualPicture, Approval, Invitation, Meeting
from partners.models import Organisation, User

PAST_TITLE = "Brottsförebyggande forum, höstmötet"
NEXT_TITLE = "Brottsförebyggande forum, vintermötet"
PLACE = "Haninge kommunhus, sammanträdesrum Rudan"

# (title, notes, decision, [(owner e-mail, days from the meeting, action, done comment or "")])
PAST_ITEMS = [
    (
        "Mötets öppnande och val av justerare",
        "Ordföranden öppnade mötet.",
        "Per Polis valdes att justera.",
        [],
    ),
    (
        "Lägesbilden: klotter i Jordbro",
        "Polisen och Jordbro Hyresfastigheter beskrev ökningen av klotter runt centrum och tunneln.",
        "Forumet ber fastighetsägarna sanera inom 24 timmar enligt Handslaget och följa upp vid nästa möte.",
        [
            (
                "fastighet@demo.test",
                21,
                "Sanera gångtunneln under Jordbrovägen och rapportera i hubben.",
                "Sanerat 12/11.",
            ),
            (
                "bostad@demo.test",
                60,
                "Ta fram en plan för belysning och klotterskydd vid Jordbro centrum.",
                "",
            ),
        ],
    ),
    (
        "Trygghetsvandringen i Handen: mörka fläckar",
        "Stadsbyggnad redovisade belysningen längs gångvägen mot Poststigen.",
        "Stadsbyggnadsförvaltningen byter armaturerna före årsskiftet.",
        [
            (
                "stadsbyggnad@demo.test",
                45,
                "Byt armaturerna längs gångvägen mellan Handens station och Poststigen.",
                "",
            )
        ],
    ),
    ("Övriga frågor och nästa möte", "Nästa möte hålls i december.", "", []),
]


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


ANALYSIS = (
    "Årets utkast. Klottret i Jordbro återkommer vecka efter vecka, framför allt runt centrum och "
    "gångtunneln; fastighetsägarna sanerar inom Handslagets tider men taggarna kommer tillbaka. "
    "Trygghetsvandringen i Handen visade mörka fläckar längs gångvägen mot Poststigen, som nu åtgärdas. "
    "Till åtgärdsplanen föreslås belysning och klotterskydd i Jordbro och fler nattvandringar under lov."
)


def seed(stdout: object = None) -> None:
    users = {user.email: user for user in User.objects.select_related("membership__organisation")}
    coordinator = users.get("samordnare@demo.test")
    year = timezone.localdate().year
    if coordinator is not None and not AnnualPicture.objects.filter(year=year).exists():
        services.save_annual_picture(by=coordinator, year=year, analysis=ANALYSIS)
    if coordinator is not None and not ActionPlan.objects.filter(year=year).exists():
        _action_plan(coordinator, users, year)
    chair, adjuster = users.get("ordforande@demo.test"), users.get("polis@demo.test")
    if chair is None or adjuster is None or Meeting.objects.filter(title=PAST_TITLE).exists():
        return
    organisations = list(Organisation.objects.filter(is_active=True))
    past = _meeting(PAST_TITLE, chair, organisations, days=-28)
    past.adjuster = adjuster
    past.save(update_fields=["adjuster"])
    for position, (title, notes, decision, actions) in enumerate(PAST_ITEMS, start=1):
        item = AgendaItem.objects.create(
            meeting=past, position=position, title=title, notes=notes, decision=decision
        )
        for email, days, description, done in actions:
            owner = users[email].membership.organisation
            action = Action(
                item=item,
                owner=owner,
                description=description,
                due_date=past.starts_at.date() + timedelta(days=days),
            )
            if done:
                action.done_at, action.done_by, action.done_comment = (
                    past.starts_at + timedelta(days=7),
                    users[email],
                    done,
                )
            action.save()
    digest = past.minutes_sha256()
    for role, person, days in ((Approval.Role.CHAIR, chair, 2), (Approval.Role.ADJUSTER, adjuster, 3)):
        Approval.objects.create(
            meeting=past,
            role=role,
            approved_by=person,
            text_sha256=digest,
            approved_at=past.starts_at + timedelta(days=days),
        )
    past.state, past.approved_at = Meeting.State.APPROVED, past.starts_at + timedelta(days=3)
    past.save(update_fields=["state", "approved_at"])
    upcoming = _meeting(NEXT_TITLE, chair, organisations, days=10)
    Invitation.objects.filter(meeting=upcoming, user=adjuster).update(
        response=Invitation.Response.ATTENDING, responded_at=timezone.now()
    )


def _meeting(title: str, chair: User, organisations: list[Organisation], *, days: int) -> Meeting:
    meeting = Meeting.objects.create(
        title=title,
        starts_at=_at(days, 13),
        ends_at=_at(days, 15),
        place=PLACE,
        planned_by=chair,
        chair=chair,
    )
    meeting.invited_organisations.set(organisations)
    invitees = User.objects.people().filter(membership__organisation__in=organisations)
    Invitation.objects.bulk_create(
        [
            Invitation(
                meeting=meeting,
                user=user,
                response=Invitation.Response.ATTENDING if days < 0 else Invitation.Response.PENDING,
            )
            for user in invitees
        ]
    )
    return meeting


# (owner e-mail, action, indicator, due month)
PLAN_ACTIONS = [
    (
        "stadsbyggnad@demo.test",
        "Belysning längs gång- och cykelvägar där vandringarna hittat mörka platser.",
        "Alla mörka platser från årets vandringar åtgärdade",
        10,
    ),
    (
        "bostad@demo.test",
        "Klotterskydd och sanering inom 24 timmar vid Jordbro centrum.",
        "Andel klottersaneringar inom Handslagets tid",
        8,
    ),
    (
        "forening@demo.test",
        "Nattvandringar varje fredag under skollov och vid Valborg.",
        "Antal nattvandringar under lov",
        12,
    ),
]


def _action_plan(coordinator: User, users: dict[str, User], year: int) -> None:
    plan = services.create_action_plan(
        by=coordinator, year=year, based_on=AnnualPicture.objects.filter(year=year - 1).first()
    )
    measures = list(Measure.objects.order_by("programme_id", "number")[:3])
    for index, (email, description, indicator, month) in enumerate(PLAN_ACTIONS):
        owner = users.get(email)
        if owner is None:
            continue
        services.add_plan_action(
            by=coordinator,
            plan=plan,
            description=description,
            owner=owner.membership.organisation,
            due_date=date(year, month, 28),
            indicator=indicator,
            measures=measures[index : index + 1],
        )
    if plan.actions.exists():
        services.record_plan_adoption(
            by=coordinator,
            plan=plan,
            body="Kommunstyrelsen",
            adopted_on=min(date(year, 2, 15), timezone.localdate()),
            diary_number=f"KS {year}/57",
        )
        _plan_follow_ups(plan, users)


# The owners' tertial reports: (status, how the indicator stands) for January–April, then May–August.
PLAN_FOLLOW_UPS = [
    [("in_progress", "4 av 9 armaturer bytta"), ("done", "9 av 9 armaturer bytta")],
    [("in_progress", "78 % inom 24 timmar"), ("delayed", "71 % inom 24 timmar, sommarvikarier")],
    [("in_progress", "5 nattvandringar"), ("in_progress", "11 nattvandringar")],
]


def _plan_follow_ups(plan: ActionPlan, users: dict[str, User]) -> None:
    today = timezone.localdate()
    terms = [(FollowUpPeriod.Term.T1, date(plan.year, 1, 1)), (FollowUpPeriod.Term.T2, date(plan.year, 5, 1))]
    reports = {
        description: (email, rows)
        for (email, description, *_), rows in zip(PLAN_ACTIONS, PLAN_FOLLOW_UPS, strict=True)
    }
    for action in plan.actions.all():
        email, rows = reports[action.description]
        for (term, opens), (status, outcome) in zip(terms, rows, strict=True):
            if today >= opens:
                services.record_plan_action_follow_up(
                    by=users[email], action=action, term=term, status=status, indicator_outcome=outcome
                )
