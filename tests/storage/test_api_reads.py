"""The API's reads that run without BEGIN/COMMIT on PostgreSQL (issue 20: the token and the
dashboard stamp, `Database.read(atomic=False)`) on both databases: they answer as before, leave
no transaction open, and a sign-out is seen at once."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.app import create_app
from cityclimate.services import accounts
from cityclimate.services.actors import SYSTEM
from cityclimate.settings import Settings
from cityclimate.storage import transaction


def test_token_and_dashboard_reads_on_both_databases(
    sessions: sessionmaker[Session], database_url: str
) -> None:
    with transaction(sessions, write=True) as s:
        user = accounts.create_user(
            s, SYSTEM, username="reader", password="a-long-password", role="public"
        )
        token, _ = accounts.issue_token(s, user, kind="api", hours=1)
    app = create_app(Settings(database_url=database_url))
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        assert client.get("/api/v1/me", headers=headers).json()["username"] == "reader"
        empty = client.get("/api/v1/dashboard?territory=LJ-2016", headers=headers)
        assert empty.status_code == 200 and empty.json()["trend"] == []  # nothing published
        missing = client.get("/api/v1/dashboard?territory=NOWHERE", headers=headers)
        assert missing.status_code == 404
        if app.state.db.engine.dialect.name == "postgresql":
            with app.state.db.engine.connect() as c:
                open_ = c.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND state LIKE 'idle in transaction%'"
                    )
                )
            assert open_ == 0
        assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
        assert client.get("/api/v1/me", headers=headers).status_code == 401
    app.state.db.engine.dispose()
