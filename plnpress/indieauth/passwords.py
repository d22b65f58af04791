"""The writer's password: kept only as an scrypt hash with a random salt.

The stored form is ``scrypt$N$r$p$salt$hash`` (salt and hash in URL-safe base64), so the cost can
grow later without making old hashes unreadable. scrypt is memory-hard: guessing with many cores
or a GPU gains little, and the sign-in page is rate-limited per client address on top.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

N, R, P = 2**15, 8, 1
"""About a tenth of a second and 32 MB per check."""
_MAXMEM = 64 * 1024 * 1024
MIN_LENGTH = 8


class PasswordError(ValueError):
    """A password that cannot be used; the message says why."""


def hash_password(password: str) -> str:
    """The stored form of `password` (raises `PasswordError` for one too short)."""
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"the password must have at least {MIN_LENGTH} characters")
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, N, R, P)
    return "$".join(("scrypt", str(N), str(R), str(P), _b64(salt), _b64(digest)))


def check_password(password: str, stored: str) -> bool:
    """True if `password` is the one `stored` was made from (compared in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.urlsafe_b64decode(digest)
        given = _scrypt(password, base64.urlsafe_b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(given, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")
