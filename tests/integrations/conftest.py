import pytest

from tests.integrations.factories import issue_key


@pytest.fixture
def read_key(organisation):
    return issue_key(organisation, scopes=("read",))


@pytest.fixture
def write_key(organisation):
    return issue_key(organisation, scopes=("read", "write"))
