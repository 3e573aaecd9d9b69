"""Demo forum: categories from the seed documents, a few Swedish threads and the knowledge bank."""

from __future__ import annotations

from forum import services
from forum.models import Category, CategoryKind, KnowledgeArticle, Thread
from partners.models import Organisation, User

CATEGORIES = [
    (
        "skadegorelse-och-klotter",
        "Skadegörelse och klotter",
        "Handslag mot skadegörelse, klottersanering och erfarenheter från fastighetsägarna.",
        Category.Visibility.ALL,
        (),
    ),
    (
        "trygghet-i-offentlig-miljo",
        "Trygghet i offentlig miljö",
        "Belysning, trygghetsvandringar och platser som upplevs otrygga.",
        Category.Visibility.ALL,
        (),
    ),
    (
        "ungdomar-och-meningsfull-fritid",
        "Ungdomar och meningsfull fritid",
        "Fritidsgårdar, föreningsliv, sommarjobb och nattvandring.",
        Category.Visibility.ALL,
        (),
    ),
    (
        "narkotikaprevention",
        "Narkotikaprevention",
        "Lägesbild och insatser mot narkotika. Endast polis och kommun.",
        Category.Visibility.KINDS,
        (Organisation.Kind.POLICE, Organisation.Kind.MUNICIPALITY),
    ),
    (
        "foraldrastod",
        "Föräldrastöd",
        "Föräldravandringar, föräldraträffar och stöd till vårdnadshavare.",
        Category.Visibility.ALL,
        (),
    ),
]

THREADS = [
    (
        "skadegorelse-och-klotter",
        "bostad@demo.test",
        "Snabbare klottersanering i Jordbro centrum",
        "Vi har börjat sanera klotter inom 24 timmar i Jordbro centrum. Hur gör ni andra?\n\n"
        "- anmälan via felanmälan\n- foto före och efter\n- polisanmälan vid större skador",
        [
            (
                "polis@demo.test",
                "Bra initiativ! Skicka gärna bilderna till oss så att vi kan koppla ihop fallen. @bostad",
            ),
            (
                "forening@demo.test",
                "Nattvandrarna ser ofta nytt klotter på fredagskvällar vid pendeltågsstationen.",
            ),
        ],
    ),
    (
        "trygghet-i-offentlig-miljo",
        "stadsbyggnad@demo.test",
        "Belysning på gångvägen mellan Handen och Vega",
        "Efter trygghetsvandringen i september byter vi armaturer längs gångvägen. Finns det fler mörka "
        "platser vi borde titta på?",
        [("vattenfall@demo.test", "Vi kan samordna med vårt underhåll av ledningarna där under våren.")],
    ),
    (
        "narkotikaprevention",
        "polis@demo.test",
        "Lägesbild: öppen narkotikaförsäljning vid busstorget",
        "Vi ser en ökning av öppen försäljning kvällstid. "
        "Socialförvaltningen: kan fältassistenterna vara på plats torsdagar?",
        [],
    ),
    (
        "ungdomar-och-meningsfull-fritid",
        "fritid@demo.test",
        "Sommarlovsaktiviteter 2026",
        "Vi planerar sommarlovsaktiviteter i Brandbergen och Jordbro. "
        "Föreningar som vill vara med får gärna höra av sig!",
        [("forening@demo.test", "Vi ställer gärna upp med vuxna på kvällarna.")],
    ),
]

ARTICLES = [
    (
        "skadegorelse-och-klotter",
        "Snabb klottersanering minskar nytt klotter",
        "Klotter som tas bort inom ett dygn återkommer mer sällan än klotter som får sitta kvar.",
        "## Vad vet vi?\n\nStudier av snabb sanering visar att klotter som tas bort inom **24 timmar** "
        "återkommer mer sällan. Effekten förutsätter att saneringen är konsekvent och uthållig.\n\n"
        "### Så kan partnerna arbeta\n\n1. Gemensam felanmälan\n2. Sanering inom ett dygn\n"
        "3. Uppföljning per område",
        KnowledgeArticle.EvidenceLevel.EFFECT_SHOWN,
        [("Brå: Klotter och skadegörelse – förebyggande arbete", "https://bra.se/")],
        KnowledgeArticle.Status.PUBLISHED,
    ),
    (
        "ungdomar-och-meningsfull-fritid",
        "Nattvandring som trygghetsskapande insats",
        "Vuxna på stan kvällstid upplevs som tryggt; effekten på brottsligheten är inte utvärderad fullt ut.",
        "Nattvandring bygger på vuxennärvaro. Invånare och unga uppger att de känner sig tryggare, men "
        "studier av effekten på brott saknas i stort.",
        KnowledgeArticle.EvidenceLevel.PROMISING,
        [
            ("Brå: Lokalt brottsförebyggande arbete – en introduktion", "https://bra.se/"),
            ("Nattvandrarnas riktlinjer", ""),
        ],
        KnowledgeArticle.Status.PUBLISHED,
    ),
    (
        "trygghet-i-offentlig-miljo",
        "Bättre belysning och upplevd trygghet",
        "Förbättrad belysning ökar den upplevda tryggheten; effekten på brott varierar.",
        "Utvärderingar visar ofta ökad upplevd trygghet efter förbättrad belysning.",
        KnowledgeArticle.EvidenceLevel.NOT_EVALUATED,
        [("Boverket: Gestaltad livsmiljö och trygghet", "https://www.boverket.se/")],
        KnowledgeArticle.Status.IN_REVIEW,
    ),
]


def seed(stdout: object = None) -> None:
    users = {user.email: user for user in User.objects.select_related("membership__organisation")}
    chair = users.get("ordforande@demo.test")
    coordinator = users.get("samordnare@demo.test")
    categories = {}
    for position, (slug, name, description, visibility, kinds) in enumerate(CATEGORIES):
        category, _ = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "visibility": visibility,
                "position": position,
            },
        )
        for kind in kinds:
            CategoryKind.objects.get_or_create(category=category, kind=kind)
        if chair is not None:
            category.chairs.add(chair)
        categories[slug] = category
    for slug, email, title, body, replies in THREADS:
        author = users.get(email)
        if author is None or Thread.objects.filter(title=title).exists():
            continue
        thread = services.create_thread(category=categories[slug], by=author, title=title, body=body)
        for reply_email, reply_body in replies:
            if reply_email in users:
                services.reply(thread=thread, by=users[reply_email], body=reply_body)
    author = users.get("fritid@demo.test") or coordinator
    reviewer = chair or coordinator
    for slug, title, summary, body, level, sources, status in ARTICLES:
        if author is None or reviewer is None or KnowledgeArticle.objects.filter(title=title).exists():
            continue
        article = services.save_article(
            by=author,
            category=categories[slug],
            title=title,
            summary=summary,
            body=body,
            evidence_level=level,
            sources=sources,
        )
        services.submit_article(article=article, by=author)
        if status == KnowledgeArticle.Status.PUBLISHED:
            services.publish_article(article=article, by=reviewer)
