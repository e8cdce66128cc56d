"""Passwords, API tokens, session cookies, CSRF tokens and the failed-login throttle.

Passwords are hashed with argon2; API tokens are random and kept only as
their SHA-256 digest. A session cookie is signed (itsdangerous) and carries
the login and a CSRF token, which every form echoes back.
"""

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

#: failed logins of one login within `WINDOW_S` after which it is refused (docs/contract.md)
MAX_FAILURES = 10
WINDOW_S = 60.0
COOKIE = "metodist_session"

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


#: verified against when the login is unknown, so that both cases take as long
DUMMY_HASH = hash_password(secrets.token_hex(8))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SessionData:
    login: str
    csrf: str


class SessionSigner:
    """Signs and reads the session cookie; a cookie older than `max_age_s` is refused."""

    def __init__(self, secret: str, *, max_age_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="metodist-desk-session")
        self.max_age_s = max_age_s

    def dump(self, login: str) -> tuple[str, SessionData]:
        data = SessionData(login=login, csrf=secrets.token_urlsafe(24))
        return self._serializer.dumps({"login": data.login, "csrf": data.csrf}), data

    def load(self, cookie: str | None) -> SessionData | None:
        if not cookie:
            return None
        try:
            raw = self._serializer.loads(cookie, max_age=self.max_age_s)
        except BadSignature:
            return None
        if not isinstance(raw, dict) or not {"login", "csrf"} <= raw.keys():
            return None
        return SessionData(login=str(raw["login"]), csrf=str(raw["csrf"]))


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected, given or "")


class LoginThrottle:
    """Counts failed logins per login; `MAX_FAILURES` within a minute locks it for that minute.

    Kept in the server's memory: one `metodist serve` process is the desk's
    intended deployment (the README's), and a restart forgets the counts.
    """

    def __init__(self, *, limit: int = MAX_FAILURES, window_s: float = WINDOW_S) -> None:
        self.limit, self.window_s = limit, window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, login: str, now: float) -> deque[float]:
        times = self._failures[login]
        while times and now - times[0] >= self.window_s:
            times.popleft()
        return times

    def locked(self, login: str, *, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            return len(self._recent(login.lower(), now)) >= self.limit

    def fail(self, login: str, *, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._recent(login.lower(), now).append(now)

    def retry_after(self, login: str, *, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._recent(login.lower(), now)
            return max(1, int(self.window_s - (now - times[0])) + 1) if times else 0
