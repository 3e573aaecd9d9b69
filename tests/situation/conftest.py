import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _situation_settings(settings):
    """Messages are asserted in English (the msgids); the browser test sees the Swedish interface.
    User ids repeat between tests, so one test's POSTs must not count against the next's rate limit."""
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()
