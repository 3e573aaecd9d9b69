"""Demo reports: routing rules for Haninge's partners and about 25 reports over recent weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from partners.categories import IncidentCategory as C
from partners.models import Area, Organisation, User
from reports.models import Report, ReportEvent, RoutingRule
from reports.services import due_time

POLICE = "Polisen, lokalpolisområde Haninge/Nynäshamn"
HOUSING = "Haninge Bostäder AB"
HOUSING_JORDBRO = "Jordbro Hyresfastigheter AB"
VATTENFALL = "Vattenfall Eldistribution AB"
PLANNING = "Haninge kommun, stadsbyggnadsförvaltningen"
SRV = "SRV återvinning AB"

# (category, area or None for any area, organisation)
RULES = [
    (C.VANDALISM, None, HOUSING),
    (C.VANDALISM, "Jordbro", HOUSING_JORDBRO),
    (C.GRAFFITI, None, HOUSING),
    (C.GRAFFITI, "Jordbro", HOUSING_JORDBRO),
    (C.LIGHTING, None, PLANNING),
    (C.LIGHTING, "Vendelsö", VATTENFALL),
    (C.LIGHTING, "Västerhaninge", VATTENFALL),
    (C.LITTERING, None, SRV),
    (C.UNSAFE_PLACE, None, POLICE),
    (C.DRUGS, None, POLICE),
    (C.YOUTH_UNREST, None, POLICE),
    (C.FIRE, None, POLICE),
]


@dataclass(frozen=True)
class DemoReport:
    reporter: str
    area: str
    category: str
    place: str
    description: str
    days_ago: float
    severity: str = Report.Severity.MEDIUM
    visibility: str = Report.Visibility.NETWORK
    # The steps taken so far: (event kind, days after filing, note)
    steps: tuple[tuple[str, float, str], ...] = ()


ACK, START, DONE, REJECT = "acknowledged", "started", "resolved", "rejected"

REPORTS = [
    DemoReport(
        "forening@demo.test",
        "Handen",
        C.VANDALISM,
        "Poststigen 4, cykelstället vid port B",
        "Tre cyklar har fått däcken uppskurna och cykelstället är böjt.",
        40,
        steps=((ACK, 0.2, ""), (DONE, 1.5, "Cykelstället är utbytt och de boende har fått information.")),
    ),
    DemoReport(
        "polis@demo.test",
        "Jordbro",
        C.GRAFFITI,
        "Jordbro centrum, gångtunneln mot stationen",
        "Ny klotter i hela gångtunneln, delvis med kränkande text.",
        35,
        steps=((ACK, 0.1, ""), (START, 0.5, ""), (DONE, 1.0, "Saneringen är klar, tunneln är målad.")),
    ),
    DemoReport(
        "forening@demo.test",
        "Brandbergen",
        C.LIGHTING,
        "Gångvägen mellan Brandbergens centrum och Lyckostigen",
        "Tre gatlyktor i rad är släckta, det är kolsvart på kvällen.",
        30,
        steps=((ACK, 1, ""), (DONE, 4, "Armaturerna är bytta. Tack för tipset!")),
    ),
    DemoReport(
        "bostad@demo.test",
        "Handen",
        C.LITTERING,
        "Återvinningsstationen vid Runstensvägen",
        "Containrarna är överfulla och det ligger skräp runt hela stationen.",
        28,
        steps=((ACK, 0.3, ""), (DONE, 1, "Tömt och städat runt stationen.")),
    ),
    DemoReport(
        "forening@demo.test",
        "Handen",
        C.YOUTH_UNREST,
        "Haninge centrum, entrén mot pendeltåget",
        "Ett större gäng ungdomar har samlats fredagskvällar, bråk vid två tillfällen.",
        26,
        severity=Report.Severity.HIGH,
        visibility=Report.Visibility.RESTRICTED,
        steps=(
            (ACK, 0.1, ""),
            (START, 0.2, "Fältassistenter och polis finns på plats fredagar framöver."),
            (DONE, 10, "Lugnare efter tre helger med fältassistenter och polis på plats."),
        ),
    ),
    DemoReport(
        "fritid@demo.test",
        "Västerhaninge",
        C.LIGHTING,
        "Parkeringen vid Västerhaninge station",
        "Belysningen på infartsparkeringen är trasig sedan flera dagar.",
        24,
        steps=((ACK, 0.5, ""), (DONE, 3, "Kabelfel åtgärdat, belysningen fungerar.")),
    ),
    DemoReport(
        "foretagare@demo.test",
        "Jordbro",
        C.VANDALISM,
        "Jordbro företagspark, Industrivägen",
        "Inbrottsförsök och krossad glasruta i porten till trapphus 3.",
        22,
        steps=((ACK, 0.2, ""), (DONE, 2, "Glaset är bytt och porten har fått nytt lås.")),
    ),
    DemoReport(
        "polis@demo.test",
        "Brandbergen",
        C.DRUGS,
        "Skogsdungen bakom Brandbergsskolan",
        "Upprepade iakttagelser av langning efter skoltid.",
        21,
        severity=Report.Severity.HIGH,
        visibility=Report.Visibility.RESTRICTED,
        steps=(
            (ACK, 0.1, ""),
            (START, 0.3, "Ökad närvaro av polis under eftermiddagarna."),
            (DONE, 14, "Två personer lagförda, fortsatt bevakning inom ordinarie arbete."),
        ),
    ),
    DemoReport(
        "forening@demo.test",
        "Vendelsö",
        C.LIGHTING,
        "Vendelsövägen vid busshållplatsen Vendelsö gård",
        "Busshållplatsen är helt mörk, äldre upplever otrygghet.",
        19,
        steps=((ACK, 1, ""), (DONE, 4, "Ny belysning uppsatt vid hållplatsen.")),
    ),
    DemoReport(
        "bostad@demo.test",
        "Handen",
        C.GRAFFITI,
        "Klockarvägen 12, fasaden mot parken",
        "Klotter på nyputsad fasad.",
        18,
        steps=((DONE, 0.8, "Sanerat inom 24 timmar enligt Handslaget."),),
    ),
    DemoReport(
        "forening@demo.test",
        "Jordbro",
        C.UNSAFE_PLACE,
        "Gångbron över Nynäsvägen vid Jordbro",
        "Många upplever bron som otrygg på kvällen, dålig sikt och skymd av buskage.",
        16,
        steps=(
            (ACK, 1, ""),
            (START, 2, "Tas upp i nästa trygghetsvandring."),
            (DONE, 2.5, "Buskaget är nedklippt och belysningen förstärkt."),
        ),
    ),
    DemoReport(
        "srv@demo.test",
        "Brandbergen",
        C.FIRE,
        "Soprummet vid Brandbergen centrum",
        "Anlagd brand i soprum i natt, räddningstjänsten släckte.",
        14,
        severity=Report.Severity.HIGH,
        steps=((ACK, 0.05, ""), (DONE, 1, "Utrett av polis, soprummet låses nattetid framöver.")),
    ),
    DemoReport(
        "forening@demo.test",
        "Handen",
        C.VANDALISM,
        "Lekplatsen vid Ribbyskolan",
        "Gungorna är sönderskurna och rutschkanan sprayad.",
        12,
        steps=((ACK, 0.5, ""), (START, 1, ""), (DONE, 2.5, "Gungorna är utbytta.")),
    ),
    DemoReport(
        "fritid@demo.test",
        "Västerhaninge",
        C.YOUTH_UNREST,
        "Fritidsgården i Västerhaninge",
        "Stenkastning mot fritidsgårdens fönster två kvällar i rad.",
        11,
        steps=(
            (ACK, 0.2, ""),
            (START, 0.5, ""),
            (DONE, 1, "Polisen har pratat med ungdomarna och deras föräldrar."),
        ),
    ),
    DemoReport(
        "polis@demo.test",
        "Handen",
        C.LITTERING,
        "Parkeringshuset vid Haninge centrum, plan 3",
        "Nedskräpning och kanyler i trapphuset.",
        10,
        visibility=Report.Visibility.RESTRICTED,
        steps=((ACK, 0.2, ""), (DONE, 1, "Sanerat, kanylerna omhändertagna.")),
    ),
    DemoReport(
        "forening@demo.test",
        "Brandbergen",
        C.GRAFFITI,
        "Brandbergens centrum, busskuren vid Rudsjöterrassen",
        "Busskuren klottrad och en ruta krossad.",
        9,
        steps=((REJECT, 0.5, "Busskurerna sköts av SL; vi har vidarebefordrat felanmälan dit."),),
    ),
    DemoReport(
        "stadsbyggnad@demo.test",
        "Vendelsö",
        C.OTHER,
        "Strandängen vid Vendelsö gård",
        "Övergiven bil som stått i flera veckor, fönstren krossade.",
        1.5,
    ),
    DemoReport(
        "forening@demo.test",
        "Jordbro",
        C.LIGHTING,
        "Gångstigen vid Jordbro skola",
        "Trasig belysning längs gångstigen som barnen går till skolan.",
        3,
        steps=((ACK, 0.5, ""),),
    ),
    DemoReport(
        "foretagare@demo.test",
        "Handen",
        C.VANDALISM,
        "Handenterminalen, cykelgaraget",
        "Cykelgaragets dörr uppbruten, flera cyklar stulna.",
        6,
        severity=Report.Severity.HIGH,
        # Never acknowledged: the demo's overdue report.
    ),
    DemoReport(
        "forening@demo.test",
        "Västerhaninge",
        C.UNSAFE_PLACE,
        "Tunneln under järnvägen vid Västerhaninge station",
        "Otrygg passage, flera personer har blivit antastade.",
        2,
        visibility=Report.Visibility.RESTRICTED,
        steps=((ACK, 0.2, ""),),
    ),
    DemoReport(
        "bostad@demo.test",
        "Jordbro",
        C.LITTERING,
        "Skogsbrynet bakom Jordbro centrum",
        "Dumpat grovavfall: soffor, madrasser och kylskåp.",
        2,
        steps=((ACK, 0.3, ""), (START, 1, "Hämtning bokad.")),
    ),
    DemoReport(
        "polis@demo.test",
        "Brandbergen",
        C.YOUTH_UNREST,
        "Brandbergens centrum, torget",
        "Oro på torget kvällstid med mopedåkning och smällare.",
        0.5,
        severity=Report.Severity.HIGH,
        steps=((ACK, 0.1, ""),),
    ),
    DemoReport(
        "forening@demo.test",
        "Handen",
        C.GRAFFITI,
        "Elskåpet vid Rudsjöparken",
        "Taggar på elskåpet vid gångvägen.",
        2,
    ),
    DemoReport(
        "fritid@demo.test",
        "Vendelsö",
        C.VANDALISM,
        "Vendelsö skola, gymnastiksalen",
        "Fönster krossat i gymnastiksalen under helgen.",
        1,
    ),
    DemoReport(
        "forening@demo.test",
        "Jordbro",
        C.DRUGS,
        "Parkeringen vid Jordbro vårdcentral",
        "Misstänkt narkotikaförsäljning från bil kvällstid.",
        0.5,
        visibility=Report.Visibility.RESTRICTED,
    ),
]

KIND_STATUS = {
    ACK: Report.Status.ACKNOWLEDGED,
    START: Report.Status.IN_PROGRESS,
    DONE: Report.Status.RESOLVED,
    REJECT: Report.Status.REJECTED,
}


def seed(stdout: object = None) -> None:
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    areas = {area.name: area for area in Area.objects.all()}
    for category, area_name, organisation_name in RULES:
        organisation = organisations.get(organisation_name)
        if organisation is None:
            continue
        RoutingRule.objects.update_or_create(
            category=category,
            area=areas.get(area_name) if area_name else None,
            defaults={"organisation": organisation},
        )
    now = timezone.now()
    users = {user.email: user for user in User.objects.select_related("membership__organisation")}
    for demo in REPORTS:
        reporter = users.get(demo.reporter)
        area = areas.get(demo.area)
        if reporter is None or area is None or Report.objects.filter(description=demo.description).exists():
            continue
        _create(demo, reporter, area, now)


def _responsible(category: str, area: Area) -> Organisation | None:
    rule = (
        RoutingRule.objects.filter(category=category, area=area).first()
        or RoutingRule.objects.filter(category=category, area__isnull=True).first()
    )
    return rule.organisation if rule else None


def _create(demo: DemoReport, reporter: User, area: Area, now: object) -> None:
    filed = now - timedelta(days=demo.days_ago)  # type: ignore[operator]
    responsible = _responsible(demo.category, area)
    report = Report.objects.create(
        reporter=reporter,
        organisation=reporter.membership.organisation,
        area=area,
        category=demo.category,
        place_text=demo.place,
        occurred_at=filed - timedelta(hours=3),
        severity=demo.severity,
        visibility=demo.visibility,
        description=demo.description,
        responsible_organisation=responsible,
        assigned_at=filed,
        due_at=due_time(category=demo.category, start=filed),
        created_at=filed,
    )
    ReportEvent.objects.create(
        report=report,
        actor=reporter,
        kind=ReportEvent.Kind.CREATED,
        to_organisation=responsible,
        created_at=filed,
    )
    handler = (
        User.objects.filter(membership__organisation=responsible, is_active=True).order_by("pk").first()
        if responsible
        else None
    )
    for kind, after_days, note in demo.steps:
        at = filed + timedelta(days=after_days)
        ReportEvent.objects.create(report=report, actor=handler, kind=kind, note=note, created_at=at)
        report.status = KIND_STATUS[kind]
        if kind == DONE:
            report.resolved_at = at
    report.save()
