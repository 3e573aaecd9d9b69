"""Every view of the hub has a row in a permission matrix: this walks the URL resolver and fails when a
route is added without one. Matrices live in tests/<app>/test_permission*.py (or *matrix*.py) and name
each route by its full name, e.g. "forum:thread"."""

from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

TESTS = Path(__file__).resolve().parent
# Third-party and framework routes, covered by their own projects' tests and by our settings tests.
FOREIGN_NAMESPACES = {"admin"}
FOREIGN_PREFIXES = ("account_", "mfa_", "usersessions_", "set_language", "socialaccount_")


def route_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner in FOREIGN_NAMESPACES:
                continue
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from route_names(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if not namespace and pattern.name.startswith(FOREIGN_PREFIXES):
                continue
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def matrix_text() -> str:
    files = list(TESTS.glob("*/test_permission*.py")) + list(TESTS.glob("*/*matrix*.py"))
    return "\n".join(path.read_text() for path in files)


def test_every_route_has_a_permission_matrix_row():
    text = matrix_text()
    missing = sorted(
        {
            name
            for name in route_names(get_resolver().url_patterns)
            if f'"{name}"' not in text and f"'{name}'" not in text
        }
    )
    assert not missing, f"routes without a permission matrix row: {missing}"
