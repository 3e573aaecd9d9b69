"""New passwords hash as Argon2id at OWASP's baseline; stored PBKDF2 hashes verify and are upgraded;
all hashing runs at the lowest priority."""

import os
import threading

import pytest
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    check_password,
    make_password,
)

import hub.settings
from partners.hashers import (
    LOWEST_PRIORITY,
    LowPriorityArgon2idPasswordHasher,
    LowPriorityPBKDF2PasswordHasher,
)
from tests.partners.factories import UserFactory


@pytest.fixture
def hub_hashers(settings):
    settings.PASSWORD_HASHERS = hub.settings.PASSWORD_HASHERS


def test_a_new_password_hashes_as_argon2id_with_the_owasp_baseline(hub_hashers):
    encoded = make_password("samverkan-demo")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("samverkan-demo", encoded)
    assert not check_password("fel", encoded)


@pytest.mark.django_db
def test_a_stored_pbkdf2_hash_verifies_and_is_rehashed_as_argon2id_at_sign_in(hub_hashers):
    person = UserFactory()
    person.password = PBKDF2PasswordHasher().encode("samverkan-demo", "saltsaltsalt", iterations=1000)
    person.save()
    assert person.check_password("samverkan-demo")
    person.refresh_from_db()
    assert person.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert person.check_password("samverkan-demo")


def test_a_wrong_password_against_a_stored_pbkdf2_hash_fails_and_rehashes_nothing(hub_hashers):
    stored = PBKDF2PasswordHasher().encode("samverkan-demo", "saltsaltsalt", iterations=1000)
    saved = []
    assert not check_password("fel", stored, setter=saved.append)
    assert saved == []


def test_an_argon2_hash_with_other_parameters_verifies_and_is_upgraded(hub_hashers):
    stored = Argon2PasswordHasher().encode("samverkan-demo", "saltsaltsalt")  # Django's 100 MiB, p=8
    assert LowPriorityArgon2idPasswordHasher().must_update(stored)
    assert check_password("samverkan-demo", stored)


def test_the_pbkdf2_hash_is_the_stock_one():
    ours = LowPriorityPBKDF2PasswordHasher().encode("samverkan-demo", "saltsaltsalt", iterations=1000)
    assert ours == PBKDF2PasswordHasher().encode("samverkan-demo", "saltsaltsalt", iterations=1000)


def _spy_on(monkeypatch, cls, name):
    seen = {}
    original = getattr(cls, name)

    def spy(self, *args, **kwargs):
        seen["thread"] = threading.current_thread().name
        seen["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, spy)
    return seen


def _ran_at_the_lowest_priority(seen):
    here = threading.current_thread().name
    return (
        seen["thread"].startswith("password-hash")
        and seen["thread"] != here
        and seen["nice"] == LOWEST_PRIORITY
    )


def test_argon2_hashing_runs_in_a_thread_at_the_lowest_priority(monkeypatch):
    seen = _spy_on(monkeypatch, Argon2PasswordHasher, "encode")
    LowPriorityArgon2idPasswordHasher().encode("samverkan-demo", "saltsaltsalt")
    assert _ran_at_the_lowest_priority(seen)


def test_argon2_verifying_runs_in_a_thread_at_the_lowest_priority(monkeypatch):
    encoded = LowPriorityArgon2idPasswordHasher().encode("samverkan-demo", "saltsaltsalt")
    seen = _spy_on(monkeypatch, Argon2PasswordHasher, "verify")
    assert LowPriorityArgon2idPasswordHasher().verify("samverkan-demo", encoded)
    assert _ran_at_the_lowest_priority(seen)


def test_pbkdf2_verifying_runs_in_a_thread_at_the_lowest_priority(monkeypatch):
    encoded = PBKDF2PasswordHasher().encode("samverkan-demo", "saltsaltsalt", iterations=1000)
    seen = _spy_on(monkeypatch, PBKDF2PasswordHasher, "encode")
    assert LowPriorityPBKDF2PasswordHasher().verify("samverkan-demo", encoded)
    assert _ran_at_the_lowest_priority(seen)
