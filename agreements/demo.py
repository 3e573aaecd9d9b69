# ruff: noqa: E501  (demo data: long Swedish sentences from the seeds)
"""Demo data: the Handslag mot skadegörelse due for renewal, the commission's 15 measures in 4 area
groups with the budget of seed 004, follow-ups for 2026, the medborgarlöfte of seed 003 and the
current medborgarlöfte 2026–2027 with its budget and follow-ups."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from agreements.models import (
    Agreement,
    AgreementVersion,
    Commitment,
    Decline,
    FollowUp,
    FollowUpPeriod,
    Measure,
    MeasureArea,
    Programme,
    Progress,
    Signature,
)
from partners.categories import IncidentCategory
from partners.models import Organisation, User

HANDSLAG_TITLE = "Handslag mot skadegörelse"
HANDSLAG_V1 = """Parterna i nätverket – polisen, bostadsbolagen, Vattenfall, SRV återvinning samt kommunens \
förvaltningar och bolag – lovar varandra att snabbt åtgärda skadegörelse i Haninge.

### Vi lovar att

- ta emot anmälningar om skadegörelse från varandra och från boende,
- åtgärda skadan inom den tid som anges för kategorin nedan,
- meddela den som anmält när åtgärden är gjord,
- dela information om platser där skadegörelse upprepas.

Avtalet följs upp årligen i det brottsförebyggande forumet."""
HANDSLAG_V2 = HANDSLAG_V1.replace(
    "- dela information om platser där skadegörelse upprepas.",
    "- dela information om platser där skadegörelse upprepas,\n"
    "- rapportera skadegörelse och åtgärder i Samverkan så att lägesbilden blir gemensam.",
).replace(
    "Avtalet följs upp årligen i det brottsförebyggande forumet.",
    "Avtalet följs upp per tertial i det brottsförebyggande forumet.",
)

COMMITMENTS_V1 = [
    (IncidentCategory.VANDALISM, 48, "Skadegörelse på egendom åtgärdas eller spärras av."),
    (IncidentCategory.GRAFFITI, 72, "Klotter saneras; kränkande klotter inom 24 timmar."),
    (IncidentCategory.LITTERING, 72, "Nedskräpning och dumpat avfall tas om hand."),
    (IncidentCategory.LIGHTING, 120, "Trasig belysning lagas eller felanmäls till ansvarig ägare."),
    (IncidentCategory.FIRE, 4, "Brand och brandskador säkras och anmäls."),
    (IncidentCategory.UNSAFE_PLACE, 168, "Otrygga platser besiktigas och åtgärdas."),
]
COMMITMENTS_V2 = [
    (IncidentCategory.VANDALISM, 48, "Skadegörelse på egendom åtgärdas eller spärras av."),
    (IncidentCategory.GRAFFITI, 48, "Klotter saneras; kränkande klotter inom 24 timmar."),
    (IncidentCategory.LITTERING, 72, "Nedskräpning och dumpat avfall tas om hand."),
    (IncidentCategory.LIGHTING, 96, "Trasig belysning lagas eller felanmäls till ansvarig ägare."),
    (IncidentCategory.FIRE, 4, "Brand och brandskador säkras och anmäls."),
    (IncidentCategory.UNSAFE_PLACE, 168, "Otrygga platser besiktigas och åtgärdas."),
]

# Organisation name -> email of the demo signatory who signed for it.
SIGNERS = {
    "Polisen, lokalpolisområde Haninge/Nynäshamn": "polischef@demo.test",
    "Haninge Bostäder AB": "bostad@demo.test",
    "Jordbro Hyresfastigheter AB": "fastighet@demo.test",
    "Vattenfall Eldistribution AB": "vattenfall@demo.test",
    "SRV återvinning AB": "srv@demo.test",
    "Haninge kommun, kommunledningsförvaltningen": "ledning@demo.test",
    "Haninge kommun, kultur- och fritidsförvaltningen": "fritid@demo.test",
    "Haninge kommun, socialförvaltningen": "ordforande@demo.test",
    "Haninge kommun, stadsbyggnadsförvaltningen": "stadsbyggnad@demo.test",
}
MUNICIPALITY = "Haninge kommun, kommunledningsförvaltningen"
CULTURE = "Haninge kommun, kultur- och fritidsförvaltningen"
SOCIAL = "Haninge kommun, socialförvaltningen"
PLANNING = "Haninge kommun, stadsbyggnadsförvaltningen"
POLICE = "Polisen, lokalpolisområde Haninge/Nynäshamn"

# Seed 004: the four area groups, their estimated cost (range) and the midpoint used as allocation.
AREAS = [
    (
        "Resurser i det offentliga rummet",
        "5–6 mnkr, varav cirka 2,2 mnkr trygghetsvärdar/väktare; därtill 2,5 mnkr investering i kameror",
    ),
    ("Sociala insatser", "cirka 5–6 mnkr"),
    ("Meningsfull fritid", "cirka 1–1,5 mnkr"),
    ("Strategisk ledning", "cirka 1,5–2 mnkr"),
]
R, S, F, L = (name for name, _note in AREAS)
RANGE = {
    R: "Området beräknas kosta 5–6 mnkr (mittpunkten 5,5 mnkr används här).",
    S: "Området beräknas kosta cirka 5–6 mnkr (mittpunkten 5,5 mnkr används här).",
    F: "Området beräknas kosta cirka 1–1,5 mnkr (mittpunkten 1,25 mnkr används här).",
    L: "Området beräknas kosta cirka 1,5–2 mnkr (mittpunkten 1,75 mnkr används här).",
}
SHARE = "Fördelningen mellan områdets åtgärder är en uppskattning för demon."

# (number, title, area, responsible, budget SEK, description from seed 001)
MEASURES = [
    (
        1,
        "Utökad fältresurs",
        R,
        CULTURE,
        2_300_000,
        "Antalet fältassistenter under kultur- och fritidsförvaltningens ledning har dubblats från två till fyra; trygghetskommissionen föreslår en utökning av fältresursen.",
    ),
    (
        2,
        "Handslag mot skadegörelse",
        L,
        MUNICIPALITY,
        300_000,
        "Nätverk med polisen, flera bostadsbolag, Vattenfall, SRV återvinning samt alla kommunens förvaltningar och bolag för att snabbt åtgärda skadegörelse; avtalet behöver uppdateras/förnyas.",
    ),
    (
        3,
        "Trygghetsvärdar/väktare",
        R,
        MUNICIPALITY,
        2_200_000,
        "Ytterligare trygghetsskapande resurser i form av trygghetsvärdar/väktare. Kommunstyrelsen avsatte 2,2 mnkr.",
    ),
    (
        4,
        "Inrätta ett brottsförebyggande forum",
        L,
        MUNICIPALITY,
        400_000,
        "En samverkan mellan kommun, polis, föreningsliv, företagare m.fl. för att sprida evaluerad kunskap och kunskap om lokala förhållanden, ledd från högsta politiska nivå.",
    ),
    (
        5,
        "Fortsättning föreningsdrivna nattvandringar",
        R,
        CULTURE,
        1_000_000,
        "Försöket med föreningsdrivna nattvandringar pågår till och med maj 2020 och utvärderas; kommissionen är positiv till förlängning.",
    ),
    (
        6,
        "Utreda förstärkt lokal samverkan",
        L,
        CULTURE,
        250_000,
        "Förstärka samverkan inom UNGSAM, med särskild tyngd på det narkotikapreventiva arbetet mot ungdomar.",
    ),
    (
        7,
        "Snabba insatser mot brottsaktiva unga",
        S,
        SOCIAL,
        1_500_000,
        "Socialtjänst och polis samverkar för att lagföra brott och ge stöd till utsatta familjer.",
    ),
    (
        8,
        "Stöttande resurs i samverkan mellan polis och myndigheter",
        S,
        SOCIAL,
        1_500_000,
        "Kommunen spelar en roll i samverkan mellan polis och andra myndigheter mot livsstilskriminella och organiserade brottslingar.",
    ),
    (
        9,
        "Kulturhuset som möjligt nav för ungdomar som rör sig i Handen",
        F,
        CULTURE,
        500_000,
        "Pröva möjligheten att tillsammans med kulturhusets café skapa en positiv plats för ungdomar i Handen.",
    ),
    (
        10,
        "Meningsfull fritid för ungdomar",
        F,
        CULTURE,
        750_000,
        "Utvecklingsarbete för att fritidsgårdarna bättre ska fånga upp ungdomar som inte funnit sin plats i föreningslivet.",
    ),
    (
        11,
        "Sysselsättning och jobb",
        S,
        MUNICIPALITY,
        1_500_000,
        "Undersöka ytterligare insatser för att fler arbetslösa ungdomar ska komma i arbete snabbare.",
    ),
    (
        12,
        "Avhopparverksamhet",
        S,
        SOCIAL,
        1_000_000,
        "Undersöka hur en avhopparverksamhet kan inrättas i samverkan inom Storstockholm eller Södertörn.",
    ),
    (
        13,
        "Kameror",
        R,
        PLANNING,
        2_500_000,
        "Fortsatt utbyggnad av kameraövervakning i anslutning till kommunens egna fastigheter. 2,5 mnkr i investeringsmedel, utöver områdets driftskostnad.",
    ),
    (
        14,
        "Kommunikation",
        L,
        MUNICIPALITY,
        500_000,
        "Bättre kommunikation om kommunens trygghetsskapande åtgärder och en ny kommunikationsstrategi; enklare felanmälan och återkoppling.",
    ),
    (
        15,
        "Bättre samordning av resurser",
        L,
        MUNICIPALITY,
        300_000,
        "Ett nytt arbetssätt, till exempel en styrgrupp, som samlar kommunens trygghetsarbete och motverkar dubbelarbete.",
    ),
]

# (measure number, T1 status, T1 spent, T1 narrative, T2 status, T2 spent, T2 narrative)
FOLLOW_UPS = [
    (
        1,
        Progress.IN_PROGRESS,
        700_000,
        "Två nya fältassistenter har anställts och arbetar kvällstid i Handen och Jordbro.",
        Progress.IN_PROGRESS,
        1_450_000,
        "Fyra fältassistenter i tjänst; uppsökande arbete under sommarlovet.",
    ),
    (
        2,
        Progress.IN_PROGRESS,
        60_000,
        "Arbetet med att förnya avtalet har påbörjats tillsammans med parterna.",
        Progress.IN_PROGRESS,
        150_000,
        "Förslag till ny version av avtalet är framtaget och skickas för underskrift i höst.",
    ),
    (
        3,
        Progress.IN_PROGRESS,
        650_000,
        "Trygghetsvärdar finns i Handen fredag och lördag kväll.",
        Progress.IN_PROGRESS,
        1_400_000,
        "Väktare även i Brandbergen under sommaren.",
    ),
    (
        4,
        Progress.DONE,
        120_000,
        "Forumet är inrättat och har haft två möten.",
        Progress.DONE,
        260_000,
        "Samverkan används av polis, bostadsbolag och förvaltningar.",
    ),
    (
        7,
        Progress.IN_PROGRESS,
        400_000,
        "Rutin för snabba insatser med polisen är antagen.",
        Progress.DELAYED,
        700_000,
        "Rekrytering av samordnare har dragit ut på tiden.",
    ),
    (
        10,
        Progress.NOT_STARTED,
        0,
        "Planeras till hösten.",
        Progress.IN_PROGRESS,
        200_000,
        "Kvällsöppet på två fritidsgårdar under sommaren.",
    ),
    (
        13,
        Progress.IN_PROGRESS,
        900_000,
        "Kameror vid Handens skola och Jordbro centrum är upphandlade.",
        Progress.IN_PROGRESS,
        1_800_000,
        "Sex nya kameror är i drift.",
    ),
    (
        14,
        Progress.IN_PROGRESS,
        80_000,
        "Kommunikationsstrategin är på remiss.",
        Progress.DONE,
        210_000,
        "Strategin är antagen; trygghetssidan på webben är uppdaterad.",
    ),
]

# The annual report of 2026 is open: three measures have reported, the rest still show their August
# figure (or nothing). Measure 4 has spent more than its 400 000 kr, which the report flags.
ANNUAL_FOLLOW_UPS = [
    (
        1,
        Progress.DONE,
        2_250_000,
        "Fyra fältassistenter i tjänst hela året; uppdraget är permanent från 2027.",
    ),
    (
        4,
        Progress.DONE,
        450_000,
        "Forumet har haft sex möten; extra kostnad för den öppna trygghetsdagen i oktober.",
    ),
    (13, Progress.IN_PROGRESS, 2_300_000, "Nio kameror i drift; de sista två installeras i januari."),
]

# The current medborgarlöfte, 2026–2027: the police and the municipality together.
PROMISE_2026_TITLE = "Medborgarlöfte 2026–2027"
PROMISE_2026_AREAS = [
    ("Trygg utemiljö", "Kommunens och polisens budget för löftena om utemiljön"),
    ("Unga och droger", "Kommunens och polisens budget för löftena om unga"),
]
# (number, title, area, responsible, budget SEK, description,
#  T1 status, T1 spent, T1 narrative, T2 status, T2 spent, T2 narrative; T2 None = not reported)
PROMISES_2026 = [
    (
        1,
        "Synlig närvaro vid pendeltågsstationerna",
        "Trygg utemiljö",
        POLICE,
        300_000,
        "Polisen lovar synlig närvaro vid Handens och Jordbros pendeltågsstationer fredag och lördag kväll.",
        (Progress.IN_PROGRESS, 90_000, "Närvaro varannan helg sedan februari."),
        (
            Progress.IN_PROGRESS,
            210_000,
            "Närvaro varje helg under sommaren, tillsammans med trygghetsvärdarna.",
        ),
    ),
    (
        2,
        "Trygghetsvandringar med boende",
        "Trygg utemiljö",
        MUNICIPALITY,
        150_000,
        "Kommunen och polisen lovar att genomföra trygghetsvandringar med boende i Jordbro, Brandbergen och Vendelsö.",
        (Progress.IN_PROGRESS, 30_000, "En vandring i Jordbro med 25 boende."),
        (
            Progress.IN_PROGRESS,
            80_000,
            "Vandringar i Brandbergen och Vendelsö; synpunkterna är skickade till fastighetsägarna.",
        ),
    ),
    (
        3,
        "Belysning och röjning på otrygga platser",
        "Trygg utemiljö",
        PLANNING,
        600_000,
        "Kommunen lovar att åtgärda belysning och växtlighet på de platser som trygghetsvandringarna pekar ut.",
        (Progress.NOT_STARTED, 0, "Väntar på trygghetsvandringarnas resultat."),
        (
            Progress.IN_PROGRESS,
            240_000,
            "Ny belysning på gångvägen vid Jordbro centrum; röjning i Brandbergen.",
        ),
    ),
    (
        4,
        "Insatser mot narkotikaförsäljning till unga",
        "Unga och droger",
        POLICE,
        250_000,
        "Polisen lovar riktade insatser mot narkotikaförsäljning till unga, i samverkan med socialtjänsten.",
        (Progress.IN_PROGRESS, 60_000, "Två insatser i Handen; fyra unga till socialtjänsten."),
        (Progress.DELAYED, 100_000, "Insatsen i Jordbro flyttad till hösten på grund av personalbrist."),
    ),
    (
        5,
        "Fältarbete och föräldravandringar på helgkvällar",
        "Unga och droger",
        CULTURE,
        400_000,
        "Kommunen lovar fältarbete och föräldravandringar på helgkvällar under skolåret.",
        (Progress.IN_PROGRESS, 120_000, "Föräldravandringar varje fredag sedan mars."),
        None,
    ),
]

# Seed 003: the medborgarlöfte of 2018-10-01 – 2019-09-30.
PROMISES = [
    (
        1,
        "Synlighet för ökad trygghet",
        "Polisen lovar att synlighet för ökad trygghet skall vara prioriterad.",
        "Polisen har prioriterat synlig närvaro i Handen och Jordbro kvällstid.",
    ),
    (
        2,
        "Trygghetsvandringar",
        "Polisen lovar att tillsammans med kommunen genomföra trygghetsvandringar.",
        "Fem trygghetsvandringar har genomförts tillsammans med kommunen och bostadsbolagen.",
    ),
    (
        3,
        "Informationsmöten om brottsförebyggande åtgärder",
        "Polisen lovar att tillsammans med kommunen genomföra informationsmöten gällande brottsförebyggande åtgärder.",
        "Tre informationsmöten för boende har hållits.",
    ),
    (
        4,
        "Insatser mot brottsaktiva individer",
        "Polisen lovar att genomföra ett antal planerade insatser mot brottsaktiva individer i kommunen. Några av dessa skall inriktas mot narkotikabrottslighet.",
        "Planerade insatser har genomförts, flera mot narkotikabrottslighet.",
    ),
]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _org(name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


def _version(agreement: Agreement, number: int, **fields: object) -> AgreementVersion:
    version = AgreementVersion.objects.filter(agreement=agreement, number=number).first()
    if version is None:
        version = AgreementVersion.objects.create(agreement=agreement, number=number, **fields)
    return version


def _commitments(version: AgreementVersion, items: list[tuple[str, int, str]]) -> None:
    if version.commitments.exists():
        return
    # Created while a draft, as a coordinator would; the status is set afterwards by the caller.
    for category, hours, promise in items:
        Commitment.objects.create(
            version=version, category=category, promise=promise, response_target_hours=hours
        )


def _sign(version: AgreementVersion, organisation_name: str, email: str, when: datetime) -> None:
    organisation, user = _org(organisation_name), _user(email)
    if organisation is None or user is None or version.signatures.filter(organisation=organisation).exists():
        return
    Signature.objects.create(
        version=version,
        organisation=organisation,
        signed_by=user,
        signed_at=when,
        text_sha256=version.text_sha256(),
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed_handslag() -> None:
    agreement, _created = Agreement.objects.get_or_create(kind=Agreement.Kind.HANDSLAG, title=HANDSLAG_TITLE)
    v1 = _version(
        agreement, 1, body_raw=HANDSLAG_V1, valid_from=date(2019, 1, 1), valid_until=date(2026, 12, 31)
    )
    _commitments(v1, COMMITMENTS_V1)
    if v1.status == AgreementVersion.Status.DRAFT:
        v1.status = AgreementVersion.Status.IN_FORCE
        v1.opened_at = _at(date(2018, 11, 15))
        v1.save(update_fields=["status", "opened_at"])
    for name, email in SIGNERS.items():
        _sign(v1, name, email, _at(date(2018, 12, 3)))
    v2 = _version(
        agreement,
        2,
        body_raw=HANDSLAG_V2,
        valid_from=date(2027, 1, 1),
        valid_until=date(2030, 12, 31),
        previous=v1,
    )
    _commitments(v2, COMMITMENTS_V2)
    if v2.status == AgreementVersion.Status.DRAFT:
        v2.status = AgreementVersion.Status.OPEN
        v2.opened_at = _at(date(2026, 11, 2))
        v2.save(update_fields=["status", "opened_at"])
    _sign(v2, POLICE, "polischef@demo.test", _at(date(2026, 11, 5)))
    _sign(v2, "SRV återvinning AB", "srv@demo.test", _at(date(2026, 11, 9)))
    _sign(v2, MUNICIPALITY, "ledning@demo.test", _at(date(2026, 11, 10)))
    jordbro, fredrik = _org("Jordbro Hyresfastigheter AB"), _user("fastighet@demo.test")
    if jordbro and fredrik:
        Decline.objects.get_or_create(
            version=v2,
            organisation=jordbro,
            defaults={
                "by": fredrik,
                "reason": "Vi kan inte lova 48 timmar för klotter med nuvarande entreprenör; vi återkommer efter upphandlingen i vår.",
            },
        )


def seed_commission() -> Programme:
    agreement, _created = Agreement.objects.get_or_create(
        kind=Agreement.Kind.COMMISSION, title="Trygghetskommissionens överenskommelse"
    )
    version = _version(
        agreement,
        1,
        body_raw="Överenskommelse mellan samtliga partier i trygghetskommissionen om kompletterande åtgärder i "
        "det fortsatta trygghetsarbetet: 15 åtgärder och satsningar i fyra områden (KS 2020/66 § 22).",
        valid_from=date(2020, 2, 1),
        valid_until=date(2027, 12, 31),
    )
    if version.status == AgreementVersion.Status.DRAFT:
        version.status = AgreementVersion.Status.IN_FORCE
        version.save(update_fields=["status"])
    programme, _created = Programme.objects.get_or_create(
        kind=Programme.Kind.COMMISSION,
        title="Trygghetskommissionens 15 åtgärder",
        defaults={
            "agreement": agreement,
            "description": "Uppföljning sker per april, delårsbokslut per augusti och i årsbokslut.",
            "valid_from": date(2020, 2, 1),
        },
    )
    areas = {}
    for position, (name, note) in enumerate(AREAS, start=1):
        areas[name], _created = MeasureArea.objects.get_or_create(
            programme=programme, name=name, defaults={"position": position, "budget_note": note}
        )
    measures = {}
    for number, title, area, responsible, budget, description in MEASURES:
        measures[number], _created = Measure.objects.get_or_create(
            programme=programme,
            number=number,
            defaults={
                "title": title,
                "area": areas[area],
                "responsible": _org(responsible),
                "budget_sek": budget,
                "description": f"{description}\n\n{RANGE[area]} {SHARE}",
            },
        )
    t1, _created = FollowUpPeriod.objects.get_or_create(
        programme=programme,
        year=2026,
        term=FollowUpPeriod.Term.T1,
        defaults={"is_open": False, "is_published": True, "published_at": _at(date(2026, 5, 20))},
    )
    t2, _created = FollowUpPeriod.objects.get_or_create(
        programme=programme,
        year=2026,
        term=FollowUpPeriod.Term.T2,
        defaults={"is_open": False, "is_published": True, "published_at": _at(date(2026, 9, 22))},
    )
    FollowUpPeriod.objects.get_or_create(programme=programme, year=2026, term=FollowUpPeriod.Term.ANNUAL)
    for number, s1, spent1, text1, s2, spent2, text2 in FOLLOW_UPS:
        measure = measures[number]
        recorder = (
            measure.responsible.memberships.first().user
            if measure.responsible and measure.responsible.memberships.exists()
            else None
        )
        for period, status, spent, text in ((t1, s1, spent1, text1), (t2, s2, spent2, text2)):
            FollowUp.objects.get_or_create(
                measure=measure,
                period=period,
                defaults={"status": status, "spent_sek": spent, "narrative": text, "recorded_by": recorder},
            )
        if measure.status == Progress.NOT_STARTED:
            measure.status = s2
            measure.save(update_fields=["status"])
    annual = FollowUpPeriod.objects.get(programme=programme, year=2026, term=FollowUpPeriod.Term.ANNUAL)
    for number, status, spent, text in ANNUAL_FOLLOW_UPS:
        measure = measures[number]
        _, created = FollowUp.objects.get_or_create(
            measure=measure,
            period=annual,
            defaults={
                "status": status,
                "spent_sek": spent,
                "narrative": text,
                "recorded_by": _recorder(measure),
            },
        )
        if created:
            measure.status = status
            measure.save(update_fields=["status"])
    return programme


def _recorder(measure: Measure) -> User | None:
    membership = measure.responsible.memberships.first() if measure.responsible else None
    return membership.user if membership else None


def seed_current_citizen_promise() -> Programme:
    """The medborgarlöfte in force: budget per promise, April and August followed up and published,
    the annual report open (one promise has not reported in August, so its April figure is shown)."""
    programme, _created = Programme.objects.get_or_create(
        kind=Programme.Kind.CITIZEN_PROMISE,
        title=PROMISE_2026_TITLE,
        defaults={
            "description": "Antaget i januari 2026 av polisen i lokalpolisområde Haninge/Nynäshamn och Haninge "
            "kommun efter medborgardialogen hösten 2025. Löper 1 januari 2026 – 31 december 2027 och "
            "följs upp per tertial.",
            "valid_from": date(2026, 1, 1),
            "valid_until": date(2027, 12, 31),
        },
    )
    areas = {}
    for position, (name, note) in enumerate(PROMISE_2026_AREAS, start=1):
        areas[name], _created = MeasureArea.objects.get_or_create(
            programme=programme, name=name, defaults={"position": position, "budget_note": note}
        )
    t1, _created = FollowUpPeriod.objects.get_or_create(
        programme=programme,
        year=2026,
        term=FollowUpPeriod.Term.T1,
        defaults={"is_open": False, "is_published": True, "published_at": _at(date(2026, 5, 25))},
    )
    t2, _created = FollowUpPeriod.objects.get_or_create(
        programme=programme,
        year=2026,
        term=FollowUpPeriod.Term.T2,
        defaults={"is_open": False, "is_published": True, "published_at": _at(date(2026, 9, 28))},
    )
    FollowUpPeriod.objects.get_or_create(programme=programme, year=2026, term=FollowUpPeriod.Term.ANNUAL)
    for number, title, area, responsible, budget, description, first, second in PROMISES_2026:
        measure, created = Measure.objects.get_or_create(
            programme=programme,
            number=number,
            defaults={
                "title": title,
                "description": description,
                "area": areas[area],
                "responsible": _org(responsible),
                "budget_sek": budget,
            },
        )
        latest = None
        for period, report in ((t1, first), (t2, second)):
            if report is None:
                continue
            status, spent, text = report
            FollowUp.objects.get_or_create(
                measure=measure,
                period=period,
                defaults={
                    "status": status,
                    "spent_sek": spent,
                    "narrative": text,
                    "recorded_by": _recorder(measure),
                },
            )
            latest = status
        if created and latest is not None:
            measure.status = latest
            measure.save(update_fields=["status"])
    return programme


def seed_citizen_promise() -> Programme:
    programme, _created = Programme.objects.get_or_create(
        kind=Programme.Kind.CITIZEN_PROMISE,
        title="Medborgarlöfte 2018–2019",
        defaults={
            "description": "Antaget i oktober 2018 av polisen tillsammans med kommunen efter medborgardialog "
            "våren 2018. Löper 1 oktober 2018 – 30 september 2019.",
            "valid_from": date(2018, 10, 1),
            "valid_until": date(2019, 9, 30),
        },
    )
    police = _org(POLICE)
    period, _created = FollowUpPeriod.objects.get_or_create(
        programme=programme,
        year=2019,
        term=FollowUpPeriod.Term.ANNUAL,
        defaults={"is_open": False, "is_published": True, "published_at": _at(date(2019, 10, 15))},
    )
    recorder = _user("polis@demo.test")
    for number, title, description, narrative in PROMISES:
        measure, _created = Measure.objects.get_or_create(
            programme=programme,
            number=number,
            defaults={
                "title": title,
                "description": description,
                "responsible": police,
                "status": Progress.DONE,
            },
        )
        FollowUp.objects.get_or_create(
            measure=measure,
            period=period,
            defaults={"status": Progress.DONE, "narrative": narrative, "recorded_by": recorder},
        )
    return programme


def seed(stdout: object = None) -> None:
    seed_handslag()
    seed_commission()
    seed_citizen_promise()
    seed_current_citizen_promise()
    if stdout is not None:
        stdout.write(  # type: ignore[attr-defined]
            "agreements: Handslag v1 in force, v2 open for signing; 15 measures; medborgarlöften 2018–2019 "
            "and 2026–2027"
        )
