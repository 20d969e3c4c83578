"""The accounts use cases (services/accounts.py) on a real database: users, passwords, tokens,
throttling. The oracles are the rules as the docstrings state them, counted by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError
from cityclimate.services import accounts, audit
from cityclimate.services.actors import SYSTEM
from cityclimate.services.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    ThrottledError,
)
from cityclimate.storage.models import AccessToken

PASSWORD = "a-long-enough-password"


def test_a_new_user_is_stored_with_an_argon2_hash_only_and_audited(session: Session) -> None:
    user = accounts.create_user(
        session, SYSTEM, username="svc-alice", password=PASSWORD, role="climate_office"
    )
    assert user.password_hash.startswith("$argon2")
    assert PASSWORD not in user.password_hash
    entries, _ = audit.list_entries(session, entity="user", action="create")
    assert entries[0].entity_id == str(user.id)
    assert "password_hash" not in (entries[0].after or {})  # the audit never keeps the hash


def test_every_problem_of_a_new_user_is_listed_at_once(session: Session) -> None:
    with pytest.raises(DataValidationError) as caught:
        accounts.create_user(session, SYSTEM, username=" ", password="short", role="king")
    assert {p.field for p in caught.value.problems} == {"username", "password", "role"}
    assert all(p.message_zh and p.message_en for p in caught.value.problems)


def test_a_taken_name_and_an_unknown_territory_are_refused(session: Session) -> None:
    accounts.create_user(session, SYSTEM, username="svc-bob", password=PASSWORD, role="public")
    with pytest.raises(ConflictError):
        accounts.create_user(session, SYSTEM, username="svc-bob", password=PASSWORD, role="public")
    with pytest.raises(NotFoundError):
        accounts.create_user(
            session,
            SYSTEM,
            username="svc-carol",
            password=PASSWORD,
            role="public",
            territory_code="NO-SUCH",
        )


def test_sign_in_with_the_right_password_only(session: Session) -> None:
    made = accounts.create_user(
        session, SYSTEM, username="svc-dan", password=PASSWORD, role="public"
    )
    assert accounts.authenticate(session, "svc-dan", PASSWORD, client="10.0.0.1").id == made.id
    with pytest.raises(AuthenticationError):
        accounts.authenticate(session, "svc-dan", PASSWORD + "x", client="10.0.0.1")
    with pytest.raises(AuthenticationError):  # an unknown name fails the same way
        accounts.authenticate(session, "svc-nobody", PASSWORD, client="10.0.0.1")


def test_five_failures_lock_that_client_out_for_that_name_but_not_another_client(
    session: Session,
) -> None:
    accounts.create_user(session, SYSTEM, username="svc-erin", password=PASSWORD, role="public")
    for _ in range(5):
        accounts.record_failure(session, "svc-erin", "10.0.0.66")
    session.flush()
    with pytest.raises(ThrottledError) as caught:
        accounts.authenticate(session, "svc-erin", PASSWORD, client="10.0.0.66")
    assert caught.value.retry_after_s == 300
    # Another client (no failures of its own) still signs in: guesses do not lock a user out.
    assert accounts.authenticate(session, "svc-erin", PASSWORD, client="10.0.0.2").username == (
        "svc-erin"
    )


def test_spraying_one_password_over_many_names_locks_the_client_out(session: Session) -> None:
    accounts.create_user(session, SYSTEM, username="svc-fay", password=PASSWORD, role="public")
    for i in range(accounts.SPRAY_FACTOR * 5):  # 20 failures, each on a different name
        accounts.record_failure(session, f"svc-guess-{i}", "10.0.0.77")
    session.flush()
    with pytest.raises(ThrottledError):
        accounts.authenticate(session, "svc-fay", PASSWORD, client="10.0.0.77")


def test_a_token_resolves_until_it_expires_or_is_revoked(session: Session) -> None:
    user = accounts.create_user(
        session, SYSTEM, username="svc-gus", password=PASSWORD, role="public"
    )
    secret, row = accounts.issue_token(session, user, kind="api", hours=1)
    assert row.token_hash != secret  # only a hash of the secret is stored
    found = accounts.signed_in(session, secret, "api")
    assert found is not None and (found.user_id, found.role) == (user.id, "public")
    assert accounts.signed_in(session, secret, "session") is None  # another kind
    row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    assert accounts.signed_in(session, secret, "api") is None
    row.expires_at = datetime.now(UTC) + timedelta(hours=1)
    accounts.revoke_token(session, SYSTEM, secret)
    session.flush()
    assert session.scalar(select(AccessToken).where(AccessToken.id == row.id)) is None
    assert accounts.signed_in(session, secret, "api") is None


def test_a_token_read_lately_is_kept_until_revoked_or_too_old(session: Session) -> None:
    user = accounts.create_user(
        session, SYSTEM, username="svc-gil", password=PASSWORD, role="public"
    )
    secret, _ = accounts.issue_token(session, user, kind="api", hours=1)
    recent = accounts.RECENT_SIGN_INS
    assert recent.get(secret, "api", max_age=60) is None  # never read
    accounts.signed_in(session, secret, "api")
    kept = recent.get(secret, "api", max_age=60)
    assert kept is not None and kept.user_id == user.id
    assert recent.get(secret, "session", max_age=60) is None  # another kind
    assert recent.get(secret, "api", max_age=0) is None  # the caller wants it read now
    accounts.update_user(session, SYSTEM, user.id, role="enterprise")
    assert recent.get(secret, "api", max_age=60) is None  # forgotten with the role change
    secret, _ = accounts.issue_token(session, user, kind="api", hours=1)
    accounts.signed_in(session, secret, "api")
    accounts.revoke_token(session, SYSTEM, secret)
    assert recent.get(secret, "api", max_age=60) is None  # forgotten at sign-out


def test_ensure_admin_creates_once_and_returns_a_generated_password_once(
    session: Session,
) -> None:
    admin, generated = accounts.ensure_admin(session, "svc-root", None)
    assert generated is not None and len(generated) >= accounts.MIN_PASSWORD_LENGTH
    assert accounts.authenticate(session, "svc-root", generated, client="c").id == admin.id
    again, none = accounts.ensure_admin(session, "svc-root", None)
    assert again.id == admin.id and none is None
