import pytest

from tests.meetings.factories import make_meeting


@pytest.fixture
def meeting(chair, organisation, municipality, member, signatory):
    """A planned meeting chaired by `chair`, with `organisation` and the municipality invited."""
    return make_meeting(chair=chair, organisations=[organisation, municipality])
