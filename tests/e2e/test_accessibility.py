"""Every main page, as each demo role sees it, has no serious or critical WCAG 2.1 A/AA finding by
axe-core (vendored in tests/tools/axe-core), including the experimental label-in-name rule (2.5.3)."""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.conftest import log_in

AXE = Path(__file__).resolve().parent.parent / "tools" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Experimental in axe, so off unless asked for; it is the check for WCAG 2.5.3 Label in Name.
    "rules": {"label-content-name-mismatch": {"enabled": True}},
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = {"serious", "critical"}
# axe only asks for review when an ARIA reference points at nothing (as Django's aria-describedby
# does when a template leaves out the help text), so the test checks that itself.
DANGLING_REFERENCES = """() => {
    const names = ['aria-describedby', 'aria-labelledby', 'aria-controls'];
    return [...document.querySelectorAll(names.map(name => `[${name}]`).join(','))].flatMap(element =>
        names.flatMap(name => (element.getAttribute(name) || '').split(/\\s+/).filter(Boolean)
            .filter(id => !document.getElementById(id))
            .map(id => `${element.id ? '#' + element.id : element.localName} ${name}="${id}"`)));
}"""


@dataclass(frozen=True)
class Linked:
    """A page reached through the first link on `start` whose path matches `pattern`, so no test
    depends on a database id."""

    start: "str | Linked"
    pattern: str

    def __str__(self) -> str:
        return f"first {self.pattern} on {self.start}"


ROLES = {
    "anonymous": None,
    "coordinator": "samordnare@demo.test",
    "chair": "ordforande@demo.test",
    "member": "polis@demo.test",
    "org-admin": "bostad@demo.test",
    "leadership": "ledning@demo.test",
}

PROGRAMME = Linked("/agreements/", r"^/agreements/programmes/\d+/$")

EVERYONE = {
    "dashboard": "/",
    "reports": "/reports/",
    "report-queue": "/reports/queue/",
    "report-new": "/reports/new/",
    "report-detail": Linked("/reports/", r"^/reports/\d+/$"),
    "forum": "/forum/",
    "forum-category": Linked("/forum/", r"^/forum/c/[\w-]+/$"),
    "forum-thread": Linked("/", r"^/forum/t/\d+/$"),
    "forum-search": "/forum/search/?q=trygghet",
    "knowledge-bank": "/forum/knowledge/",
    "knowledge-article": Linked("/forum/knowledge/", r"^/forum/knowledge/\d+/$"),
    "situation": "/situation/",
    "situation-week": Linked("/situation/", r"^/situation/week/\d+/\d+/$"),
    "walks": "/situation/walks/",
    "walk-detail": Linked("/situation/walks/", r"^/situation/walks/\d+/$"),
    "dark-spots": "/situation/walks/dark-spots/",
    "agreements": "/agreements/",
    "agreement": Linked("/agreements/", r"^/agreements/\d+/$"),
    "agreement-version": Linked("/agreements/", r"^/agreements/versions/\d+/$"),
    "measure": Linked(PROGRAMME, r"^/agreements/measures/\d+/$"),
    "notifications": "/notifications/",
    "notification-settings": "/notifications/settings/",
    "partners": "/partners/",
    "my-data": "/my-data/",
    "account-email": "/accounts/email/",
    "account-password": "/accounts/password/change/",
    "account-security": "/accounts/2fa/",
    "account-sessions": "/accounts/sessions/",
}

PAGES = {
    "anonymous": {
        "login": "/accounts/login/",
        "password-reset": "/accounts/password/reset/",
        "public-agreements": "/agreements/public/",
        "intake": "/felanmalan/",
        "intake-map": "/felanmalan/karta/",
        "intake-performance": "/felanmalan/det-har-gor-vi/",
    },
    "coordinator": {
        **EVERYONE,
        "report-overdue": "/reports/overdue/",
        "routing-rules": "/reports/rules/",
        "situation-round": "/situation/round/",
        "situation-reporters": "/situation/reporters/",
        "walk-new": "/situation/walks/new/",
        "agreement-programme": PROGRAMME,
        "escalations": "/escalations/",
        "escalation-detail": Linked("/escalations/", r"^/escalations/\d+/$"),
        "organisation": Linked("/partners/", r"^/partners/\d+/$"),
        "areas": "/partners/areas/",
        "roles": "/partners/roles/",
        "audit-log": "/partners/audit/",
    },
    "chair": {
        **EVERYONE,
        "flag-queue": "/forum/queue/",
        "moderation-log": "/forum/log/",
        "escalations": "/escalations/",
        "escalation-new": "/escalations/new/",
        "my-organisation": "/partners/mine/",
    },
    "member": EVERYONE,
    "org-admin": {**EVERYONE, "my-organisation": "/partners/mine/"},
    "leadership": {
        **EVERYONE,
        "escalations": "/escalations/",
        "escalation-detail": Linked("/escalations/", r"^/escalations/\d+/$"),
    },
}

CASES = [pytest.param(role, name, id=f"{role}-{name}") for role, pages in PAGES.items() for name in pages]


@pytest.fixture(scope="module")
def role_pages(browser, hub_server):
    """One logged-in page per role, opened on first use and reused for all that role's pages."""
    contexts, pages = [], {}

    def page_for(role: str):
        if role not in pages:
            # axe goes in as an inline script, which the hub's CSP rightly refuses.
            context = browser.new_context(base_url=hub_server.url, locale="sv-SE", bypass_csp=True)
            contexts.append(context)
            page = context.new_page()
            page.set_default_timeout(15000)
            if ROLES[role]:
                log_in(page, ROLES[role])
            pages[role] = page
        return pages[role]

    yield page_for
    for context in contexts:
        context.close()


def resolve(page, target) -> str:
    if isinstance(target, str):
        return target
    page.goto(resolve(page, target.start))
    hrefs = page.eval_on_selector_all("#main a[href]", "links => links.map(link => link.pathname)")
    found = next((href for href in hrefs if re.match(target.pattern, href)), None)
    assert found, f"no link to {target} (the demo data should have one)"
    return found


def describe(violations: list[dict], shown: int = 8) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        nodes = violation["nodes"]
        for node in nodes[:shown]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
        if len(nodes) > shown:
            lines.append(f"    … and {len(nodes) - shown} more")
    return "\n".join(lines)


def assert_accessible(page, what: str) -> None:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    serious = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    dangling = page.evaluate(DANGLING_REFERENCES)
    assert not serious and not dangling, (
        f"{what}:\n{describe(serious)}\n  ARIA references to no element: {dangling}"
    )


@pytest.mark.parametrize(("role", "name"), CASES)
def test_page_has_no_serious_accessibility_violations(role_pages, role, name):
    page = role_pages(role)
    path = resolve(page, PAGES[role][name])
    response = page.goto(path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    assert_accessible(page, f"{role} on {path}")


def test_a_form_sent_back_with_errors_points_each_field_at_its_message(role_pages):
    page = role_pages("coordinator")
    response = page.goto("/reports/?date_from=inte-ett-datum")
    assert response is not None and response.ok
    assert page.locator("#main .field-errors").count() > 0
    assert_accessible(page, "the report filters with an invalid date")
