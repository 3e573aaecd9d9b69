"""Password hashing that costs little CPU, at the lowest priority.

New hashes are Argon2id with OWASP's baseline (19 MiB of memory, two passes, one lane): the
memory is what makes guessing expensive, so it takes about 20 ms of CPU where Django's PBKDF2
(1,000,000 iterations) takes a quarter of a second for comparable resistance. On one core that is
the difference between a burst of forty sign-ins taking a second or ten seconds from the pages.

Stored pbkdf2_sha256 hashes still verify and are rehashed as Argon2id at the person's next
sign-in (Django's upgrade on a changed preferred hasher).

Whatever hashes runs in a worker thread at the lowest scheduling priority (nice 19; hashlib and
argon2's C code release the GIL while they work), so pages go first and sign-ins use what is left.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher

LOWEST_PRIORITY = 19
THREAD_PREFIX = "password-hash"

Result = TypeVar("Result")


def _lower_priority() -> None:
    # On Linux a thread is a task of its own: this sets the worker thread's nice value only.
    with contextlib.suppress(AttributeError, OSError):  # not Linux: hash at normal priority
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_PRIORITY)


_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_PREFIX, initializer=_lower_priority)


def at_low_priority(work: Callable[..., Result], *args: object) -> Result:
    if threading.current_thread().name.startswith(THREAD_PREFIX):
        return work(*args)  # verify calls encode: already on the worker, and it is the only one
    return _pool.submit(work, *args).result()


class LowPriorityArgon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

    def encode(self, password: str, salt: str) -> str:
        return at_low_priority(super().encode, password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        return at_low_priority(super().verify, password, encoded)


class LowPriorityPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    def encode(self, password: str, salt: str, iterations: int | None = None) -> str:
        return at_low_priority(super().encode, password, salt, iterations)
