import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are matched in English here; the Swedish catalogue is checked in the views."""
    with translation.override("en"):
        yield
