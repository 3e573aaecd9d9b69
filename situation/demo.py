"""Demo situation picture: reporters, recent weeks' answers, a graffiti spike in Jordbro that raises a
hotspot signal, and walks from the seeds: a completed trygghetsvandring in Handen whose findings
(mörka fläckar) were answered at the feedback meeting, the association's nattvandringar, and a
föräldravandring."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from partners.categories import IncidentCategory as C
from partners.models import Area, Organisation, User
from reports.models import Report, ReportEvent
from reports.services import due_time, route
from situation import services
from situation.models import AreaFollow, FindingResponse, ReportingDuty, Walk, WalkSignup, WeeklyCheckIn
from situation.weeks import IsoWeek

REPORTERS = [
    "samordnare@demo.test",
    "polis@demo.test",
    "bostad@demo.test",
    "fastighet@demo.test",
    "vattenfall@demo.test",
    "srv@demo.test",
    "forening@demo.test",
    "fritid@demo.test",
    "stadsbyggnad@demo.test",
    "ordforande@demo.test",
]
# Organisations that have not answered this week in the demo (the round shows them missing).
SILENT_THIS_WEEK = {"Haninge Företagarförening", "Haninge kommun, socialförvaltningen"}

# Jordbro's graffiti over the previous 8 weeks (oldest first), then this week's spike.
GRAFFITI_HISTORY = [1, 0, 1, 0, 1, 1, 0, 1]
GRAFFITI_THIS_WEEK = [
    ("Jordbro centrum, fasaden mot torget", "Nya taggar över hela fasaden mot torget."),
    ("Gångtunneln under Jordbrovägen", "Tunneln klottrad igen, båda väggarna."),
    ("Jordbro station, plattformens väntkur", "Väntkuren klottrad med sprayfärg."),
    ("Förskolan vid Ålstavägen, staketet", "Staketet runt förskolan är nedklottrat."),
]
HISTORY_MARK = "[demo-historik]"

SAFETY_ROUTE = "Handens station – gångvägen mot Poststigen – Rudsjöparken – Handenterminalen"
NIGHT_ROUTE_DONE = "Jordbro centrum – gångstigen vid Jordbro skola – gångbron över Nynäsvägen"
NIGHT_ROUTE_NEXT = "Jordbro centrum – Ålstavägen – Jordbro station"
PARENT_ROUTE = "Brandbergens centrum – torget – skogsdungen bakom Brandbergsskolan"

SAFETY_FINDINGS = [
    (
        "samordnare@demo.test",
        C.LIGHTING,
        "Gångvägen mellan Handens station och Poststigen",
        "Mörk fläck: fyra stolpar i rad saknar fungerande belysning, gångvägen är helt mörk efter kl. 17.",
        "stadsbyggnad@demo.test",
        "Vi byter armaturerna och sätter upp två nya stolpar vid kurvan före årsskiftet.",
    ),
    (
        "polis@demo.test",
        C.UNSAFE_PLACE,
        "Tunneln under Nynäsvägen vid Rudsjöparken",
        "Otrygg passage: skymd sikt, klotter och ingen belysning i tunnelns mitt.",
        "polis@demo.test",
        "Polisen tar med tunneln i medborgarlöftet och ökar närvaron kvällstid.",
    ),
    (
        "bostad@demo.test",
        C.LIGHTING,
        "Parkeringen bakom Poststigen 6",
        "Mörk parkering, de boende undviker att gå där på kvällen.",
        "stadsbyggnad@demo.test",
        "Belysningen på parkeringen ingår i vårens upprustning av området.",
    ),
]


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed(stdout: object = None) -> None:
    users = {user.email: user for user in User.objects.select_related("membership__organisation")}
    areas = {area.name: area for area in Area.objects.all()}
    if "samordnare@demo.test" not in users or "Jordbro" not in areas:
        return
    for email in REPORTERS:
        user = users.get(email)
        if user is not None and getattr(user, "membership", None):
            ReportingDuty.objects.get_or_create(organisation=user.membership.organisation, user=user)
    _check_ins(users)
    _graffiti_spike(users, areas["Jordbro"])
    AreaFollow.objects.get_or_create(user=users["polis@demo.test"], area=areas["Jordbro"])
    AreaFollow.objects.get_or_create(user=users["fastighet@demo.test"], area=areas["Jordbro"])
    _safety_walk(users, areas["Handen"])
    _night_walks(users, areas["Jordbro"])
    _parent_walk(users, areas["Brandbergen"])
    services.compile_week(week=IsoWeek.current())


def _check_ins(users: dict[str, User]) -> None:
    current = IsoWeek.current()
    organisations = list(Organisation.objects.filter(is_active=True))
    for offset in range(1, 5):
        week = current.shifted(-offset)
        for organisation in organisations:
            filed = Report.objects.filter(
                organisation=organisation, created_at__gte=week.start, created_at__lt=week.end
            ).exists()
            # One organisation forgot the round three weeks ago.
            if offset == 3 and organisation.name in SILENT_THIS_WEEK:
                continue
            WeeklyCheckIn.objects.get_or_create(
                organisation=organisation,
                year=week.year,
                week=week.week,
                defaults={
                    "kind": WeeklyCheckIn.Kind.REPORTED if filed else WeeklyCheckIn.Kind.NOTHING_TO_REPORT,
                    "created_at": week.end - timedelta(days=2),
                },
            )
    vattenfall = users.get("vattenfall@demo.test")
    if vattenfall is not None:
        WeeklyCheckIn.objects.get_or_create(
            organisation=vattenfall.membership.organisation,
            year=current.year,
            week=current.week,
            defaults={"kind": WeeklyCheckIn.Kind.NOTHING_TO_REPORT, "reported_by": vattenfall},
        )


def _history_report(
    reporter: User, area: Area, category: str, place: str, description: str, at: datetime
) -> None:
    responsible = route(category=category, area=area)
    report = Report.objects.create(
        reporter=reporter,
        organisation=reporter.membership.organisation,
        area=area,
        category=category,
        place_text=place,
        occurred_at=at,
        description=description,
        status=Report.Status.RESOLVED,
        responsible_organisation=responsible,
        assigned_at=at,
        due_at=due_time(category=category, start=at),
        resolved_at=at + timedelta(days=1),
        created_at=at,
    )
    ReportEvent.objects.create(report=report, actor=reporter, kind=ReportEvent.Kind.CREATED, created_at=at)
    ReportEvent.objects.create(
        report=report, kind=ReportEvent.Kind.RESOLVED, note="Sanerat.", created_at=at + timedelta(days=1)
    )


def _graffiti_spike(users: dict[str, User], jordbro: Area) -> None:
    reporter = users["fastighet@demo.test"]
    current = IsoWeek.current()
    for index, count in enumerate(GRAFFITI_HISTORY):
        week = current.shifted(index - len(GRAFFITI_HISTORY))
        for number in range(count):
            description = f"Klotter på elskåp och fasad, vecka {week.week}. {HISTORY_MARK} {number}"
            if not Report.objects.filter(description=description).exists():
                at = week.start + timedelta(days=2, hours=10 + number)
                _history_report(reporter, jordbro, C.GRAFFITI, "Jordbro, Ålstavägen", description, at)
    now = timezone.now()
    for number, (place, description) in enumerate(GRAFFITI_THIS_WEEK, start=1):
        if Report.objects.filter(description=description).exists():
            continue
        at = max(current.start, now - timedelta(minutes=20 * number))
        filer = users["polis@demo.test"] if number % 2 else reporter
        responsible = route(category=C.GRAFFITI, area=jordbro)
        report = Report.objects.create(
            reporter=filer,
            organisation=filer.membership.organisation,
            area=jordbro,
            category=C.GRAFFITI,
            place_text=place,
            occurred_at=at,
            description=description,
            responsible_organisation=responsible,
            assigned_at=now,
            due_at=due_time(category=C.GRAFFITI, start=now),
            created_at=now,
        )
        ReportEvent.objects.create(
            report=report,
            actor=filer,
            kind=ReportEvent.Kind.CREATED,
            to_organisation=responsible,
            created_at=now,
        )


def _walk(**fields: object) -> tuple[Walk, bool]:
    return Walk.objects.get_or_create(route=fields.pop("route"), defaults=fields)


def _safety_walk(users: dict[str, User], handen: Area) -> None:
    organiser = users["samordnare@demo.test"]
    walk, created = _walk(
        route=SAFETY_ROUTE,
        kind=Walk.Kind.SAFETY,
        organiser=organiser,
        organisation=organiser.membership.organisation,
        area=handen,
        starts_at=_at(-10, 18),
        meeting_point="Handens station, entrén mot Poststigen",
        status=Walk.Status.DONE,
        preparatory_meeting_at=_at(-17, 15),
        feedback_meeting_at=_at(-3, 15),
    )
    for email in ("samordnare@demo.test", "polis@demo.test", "bostad@demo.test", "forening@demo.test"):
        WalkSignup.objects.get_or_create(walk=walk, user=users[email])
    if walk.findings.exists():
        return
    for finder, category, place, description, owner, commitment in SAFETY_FINDINGS:
        finding = services.add_finding(
            by=users[finder], walk=walk, category=category, place_text=place, description=description
        )
        responsible = finding.report.responsible_organisation
        if responsible is not None:
            FindingResponse.objects.get_or_create(
                finding=finding,
                organisation=responsible,
                defaults={"commitment": commitment, "by": users[owner], "at": walk.feedback_meeting_at},
            )


def _night_walks(users: dict[str, User], jordbro: Area) -> None:
    organiser = users["foreningsadmin@demo.test"]
    organisation = organiser.membership.organisation
    done, _ = _walk(
        route=NIGHT_ROUTE_DONE,
        kind=Walk.Kind.NIGHT,
        organiser=organiser,
        organisation=organisation,
        area=jordbro,
        starts_at=_at(-12, 21),
        meeting_point="Jordbro centrum, vid biblioteket",
        status=Walk.Status.DONE,
    )
    WalkSignup.objects.get_or_create(walk=done, user=organiser)
    WalkSignup.objects.get_or_create(walk=done, user=users["forening@demo.test"])
    if not done.findings.exists():
        services.add_finding(
            by=users["forening@demo.test"],
            walk=done,
            category=C.LIGHTING,
            place_text="Gångstigen bakom Jordbro skola, vid fotbollsplanen",
            description="Mörk fläck: två lyktor trasiga, ungdomar samlas i mörkret.",
        )
    upcoming, _ = _walk(
        route=NIGHT_ROUTE_NEXT,
        kind=Walk.Kind.NIGHT,
        organiser=organiser,
        organisation=organisation,
        area=jordbro,
        starts_at=_at(4, 21),
        meeting_point="Jordbro centrum, vid biblioteket",
    )
    WalkSignup.objects.get_or_create(walk=upcoming, user=organiser)


def _parent_walk(users: dict[str, User], brandbergen: Area) -> None:
    organiser = users["fritid@demo.test"]
    walk, _ = _walk(
        route=PARENT_ROUTE,
        kind=Walk.Kind.PARENT,
        organiser=organiser,
        organisation=organiser.membership.organisation,
        area=brandbergen,
        starts_at=_at(6, 19),
        meeting_point="Brandbergens centrum, vid fontänen",
    )
    WalkSignup.objects.get_or_create(walk=walk, user=organiser)
