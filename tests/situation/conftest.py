import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """User ids repeat between tests, so one test's POSTs must not count against the next's limit."""
    cache.clear()
    yield
    cache.clear()
