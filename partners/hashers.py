"""Password hashing off the request's priority.

PBKDF2 is slow on purpose (Django's 1,000,000 iterations: about a quarter of a second of CPU). A
burst of people signing in would take that CPU from everyone reading pages on the same core. Here
the hashing runs in a worker thread at the lowest scheduling priority (nice 19; hashlib releases the
GIL while it hashes), so pages go first and the sign-ins use what is left. The hashes are the
stock pbkdf2_sha256 ones: existing passwords verify, and nothing about their strength changes.
"""

from __future__ import annotations

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth.hashers import PBKDF2PasswordHasher

LOWEST_PRIORITY = 19


def _lower_priority() -> None:
    # On Linux a thread is a task of its own: this sets the worker thread's nice value only.
    with contextlib.suppress(AttributeError, OSError):  # not Linux: hash at normal priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)


_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="password-hash", initializer=_lower_priority)


class LowPriorityPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    def encode(self, password: str, salt: str, iterations: int | None = None) -> str:
        parent = super().encode
        return _pool.submit(parent, password, salt, iterations).result()
