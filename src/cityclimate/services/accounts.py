"""Users, roles, passwords (argon2 via pwdlib), access tokens and sessions, login throttling."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from pwdlib import PasswordHash
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    ThrottledError,
)
from cityclimate.storage.models import ROLES, AccessToken, LoginFailure, Territory, User

MIN_PASSWORD_LENGTH = 10
#: A client failing this many times ``max_failures`` across user names is throttled for all.
SPRAY_FACTOR = 4


@lru_cache(maxsize=1)
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def generate_password() -> str:
    """A random password of 20 URL-safe characters (about 120 bits)."""
    return secrets.token_urlsafe(15)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_view(user: User) -> dict[str, Any]:
    """What may be shown of a user (never the hash)."""
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "territory_code": user.territory_code,
        "active": user.active,
    }


def _check_new_user(username: str, password: str, role: str) -> None:
    problems = []
    if not username.strip() or len(username) > 100:
        problems.append(
            Problem("user", None, "username", username, "用户名不能为空", "the user name is empty")
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            Problem(
                "user",
                None,
                "password",
                "",
                f"密码至少 {MIN_PASSWORD_LENGTH} 个字符",
                f"the password needs at least {MIN_PASSWORD_LENGTH} characters",
            )
        )
    if role not in ROLES:
        problems.append(
            Problem(
                "user",
                None,
                "role",
                role,
                f"角色须为 {', '.join(ROLES)} 之一",
                f"the role must be one of {', '.join(ROLES)}",
            )
        )
    if problems:
        raise DataValidationError(problems)


def create_user(
    session: Session,
    actor: Actor,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    territory_code: str | None = None,
) -> User:
    """Create a user (audited). The password is stored as an argon2 hash only."""
    _check_new_user(username, password, role)
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise ConflictError(f"用户名 {username} 已存在", f"the user name {username} is taken")
    territory_code = territory_code or None
    if territory_code is not None and session.get(Territory, territory_code) is None:
        raise NotFoundError(
            f"地区 {territory_code} 不存在", f"territory {territory_code} does not exist"
        )
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        display_name=display_name,
        territory_code=territory_code,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "create", "user", user.id, after=user_view(user))
    return user


def update_user(
    session: Session,
    actor: Actor,
    user_id: int,
    *,
    role: str | None = None,
    active: bool | None = None,
    display_name: str | None = None,
    password: str | None = None,
) -> User:
    """Change a user's role, activity, name or password (audited; the hash is never logged)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"用户 {user_id} 不存在", f"user {user_id} does not exist")
    before = user_view(user)
    if role is not None:
        _check_new_user(user.username, "x" * MIN_PASSWORD_LENGTH, role)
        user.role = role
    if active is not None:
        user.active = active
    if display_name is not None:
        user.display_name = display_name
    if password is not None:
        _check_new_user(user.username, password, user.role)
        user.password_hash = hash_password(password)
    if role is not None or active is False or password is not None:
        session.execute(delete(AccessToken).where(AccessToken.user_id == user.id))
        _forget_sign_ins(session)
    after = user_view(user) | ({"password": "changed"} if password is not None else {})
    audit.record(session, actor, "update", "user", user.id, before=before, after=after)
    return user


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def get_user(session: Session, user_id: int | None) -> User:
    user = session.get(User, user_id) if user_id is not None else None
    if user is None:
        raise NotFoundError(f"用户 {user_id} 不存在", f"user {user_id} does not exist")
    return user


def list_users(session: Session, *, limit: int = 100, offset: int = 0) -> tuple[list[User], int]:
    total = session.scalar(select(func.count()).select_from(User)) or 0
    rows = session.scalars(select(User).order_by(User.id).limit(limit).offset(offset)).all()
    return list(rows), total


def authenticate(
    session: Session,
    username: str,
    password: str,
    *,
    client: str,
    max_failures: int = 5,
    window_s: float = 300.0,
) -> User:
    """Check a user name and password; throttle a client after failures in the window.

    A client (its address) is refused for a user name after ``max_failures`` failures for that
    name within ``window_s``, and for every name after ``SPRAY_FACTOR × max_failures`` failures
    across names (password spraying). Failures of one client never lock out another: a stranger
    guessing at ``admin`` cannot keep the real admin from signing in.

    Failed attempts are recorded by the caller's transaction (commit it even on failure:
    see :func:`record_failure`). The check takes the same time whether or not the user exists.
    """
    since = datetime.now(UTC) - timedelta(seconds=window_s)
    client = client[:100]
    recent = select(func.count()).select_from(LoginFailure)
    recent = recent.where(LoginFailure.client == client, LoginFailure.at >= since)
    by_name = session.scalar(recent.where(LoginFailure.username == username[:100])) or 0
    by_client = session.scalar(recent) or 0
    if by_name >= max_failures or by_client >= SPRAY_FACTOR * max_failures:
        raise ThrottledError(
            "登录失败次数过多，请稍后再试",
            "too many failed sign-ins; try again later",
            retry_after_s=int(window_s),
        )
    user = session.scalar(select(User).where(User.username == username))
    hasher = _hasher()
    if user is None or not user.active:
        hasher.verify(password, _dummy_hash())
        raise AuthenticationError("用户名或密码错误", "wrong user name or password")
    ok, new_hash = hasher.verify_and_update(password, user.password_hash)
    if not ok:
        raise AuthenticationError("用户名或密码错误", "wrong user name or password")
    if new_hash is not None:
        user.password_hash = new_hash
    return user


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def record_failure(session: Session, username: str, client: str) -> None:
    session.add(LoginFailure(username=username[:100], client=client[:100]))


def issue_token(
    session: Session, user: User, *, kind: str = "api", hours: float = 12.0, client: str = ""
) -> tuple[str, AccessToken]:
    """A new random token for ``user``; returns the secret (shown once) and its row."""
    secret = secrets.token_urlsafe(32)
    row = AccessToken(
        token_hash=_token_hash(secret),
        kind=kind,
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=datetime.now(UTC) + timedelta(hours=hours),
    )
    session.add(row)
    session.flush()
    actor = Actor(user.id, user.username, user.role, client)
    audit.record(session, actor, "sign_in", "token", row.id, after={"kind": kind})
    return secret, row


@dataclass(frozen=True)
class SignedIn:
    """A live token as read from the database: whom it signs in, its session's CSRF token (empty
    for API tokens), when it expires and when it was read (``time.monotonic()``)."""

    user_id: int
    username: str
    role: str
    csrf_token: str
    expires_at: datetime
    read_at: float

    def actor(self, client: str) -> Actor:
        return Actor(self.user_id, self.username, self.role, client)


class RecentSignIns:
    """Tokens resolved lately in this process, by hash and kind (issue 20: reads under load).

    Reading a token and its user cost more than serving a kept dashboard; a caller that accepts
    an answer ``max_age`` seconds old is answered from here. Signing out, and changing a user's
    role, password or activity, forget everything kept at once in the process that does it;
    another server process keeps its answer at most ``max_age`` seconds longer (stated in
    docs/decisions.md). An expired token is never answered. Bounded, thread-safe.
    """

    def __init__(self, maxsize: int = 4096) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[tuple[str, str], SignedIn] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, secret: str, kind: str, max_age: float) -> SignedIn | None:
        if max_age <= 0:
            return None
        with self._lock:
            found = self._items.get((_token_hash(secret), kind))
        if found is None or time.monotonic() - found.read_at > max_age:
            return None
        return found if found.expires_at > datetime.now(UTC) else None

    def keep(self, secret: str, kind: str, signed_in: SignedIn) -> None:
        key = (_token_hash(secret), kind)
        with self._lock:
            self._items[key] = signed_in
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def forget_all(self) -> None:
        with self._lock:
            self._items.clear()


#: What this process resolved lately (see :class:`RecentSignIns`).
RECENT_SIGN_INS = RecentSignIns()


def _forget_sign_ins(session: Session) -> None:
    # Now, and again once the change is committed: a request of this process reading the token
    # between the two would otherwise keep the old answer.
    RECENT_SIGN_INS.forget_all()
    event.listen(session, "after_commit", lambda _: RECENT_SIGN_INS.forget_all(), once=True)


def signed_in(session: Session, secret: str, kind: str) -> SignedIn | None:
    """The live token ``secret`` of ``kind`` and its active user (one query), or None; kept
    in :data:`RECENT_SIGN_INS`."""
    row = session.execute(
        select(User.id, User.username, User.role, AccessToken.csrf_token, AccessToken.expires_at)
        .join(User, User.id == AccessToken.user_id)
        .where(
            AccessToken.token_hash == _token_hash(secret),
            AccessToken.kind == kind,
            User.active.is_(True),
        )
    ).one_or_none()
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    if expires < datetime.now(UTC):
        return None
    found = SignedIn(*row[:4], expires_at=expires, read_at=time.monotonic())
    RECENT_SIGN_INS.keep(secret, kind, found)
    return found


def revoke_token(session: Session, actor: Actor, secret: str) -> None:
    row = session.scalar(select(AccessToken).where(AccessToken.token_hash == _token_hash(secret)))
    _forget_sign_ins(session)
    if row is not None:
        audit.record(session, actor, "sign_out", "token", row.id, before={"kind": row.kind})
        session.delete(row)


def ensure_admin(session: Session, username: str, password: str | None) -> tuple[User, str | None]:
    """Create the admin if missing: with ``password`` or a generated one (returned once).

    Returns the user and the new password (None when the admin already existed).
    """
    user = session.scalar(select(User).where(User.username == username))
    if user is not None:
        return user, None
    chosen = password or generate_password()
    from cityclimate.services.actors import SYSTEM

    return create_user(
        session, SYSTEM, username=username, password=chosen, role="admin", display_name="管理员"
    ), chosen
