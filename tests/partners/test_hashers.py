"""Passwords hash at the lowest priority, to the same stock pbkdf2_sha256 hashes."""

import os
import threading

from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, make_password

from partners.hashers import LOWEST_PRIORITY, LowPriorityPBKDF2PasswordHasher


def test_the_hash_is_the_stock_one():
    ours = LowPriorityPBKDF2PasswordHasher().encode("samverkan-demo", "saltsaltsalt", iterations=1000)
    assert ours == PBKDF2PasswordHasher().encode("samverkan-demo", "saltsaltsalt", iterations=1000)


def test_a_stock_hash_verifies_and_a_wrong_password_does_not(settings):
    settings.PASSWORD_HASHERS = ["partners.hashers.LowPriorityPBKDF2PasswordHasher"]
    stored = PBKDF2PasswordHasher().encode("samverkan-demo", "saltsaltsalt", iterations=1000)
    assert check_password("samverkan-demo", stored)
    assert not check_password("fel", stored)
    assert make_password("nytt", hasher="pbkdf2_sha256").startswith("pbkdf2_sha256$")


def test_the_hashing_runs_in_a_thread_at_the_lowest_priority(monkeypatch):
    seen = {}

    def spy(self, password, salt, iterations=None):
        seen["thread"] = threading.current_thread().name
        seen["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        return "pbkdf2_sha256$1$salt$hash"

    monkeypatch.setattr(PBKDF2PasswordHasher, "encode", spy)
    LowPriorityPBKDF2PasswordHasher().encode("samverkan-demo", "saltsaltsalt")
    assert seen["thread"].startswith("password-hash") and seen["thread"] != threading.current_thread().name
    assert seen["nice"] == LOWEST_PRIORITY
