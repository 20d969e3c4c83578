"""The contract's particular truths (issue 20): booleans are strict, times carry their zone,
a 405 names every allowed method, errors are documented as problem+json, binary downloads under
their media types; a busy database answers 503 with Retry-After, a full one 507."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from cityclimate.app import create_app
from tests.api.conftest import PASSWORD, make_settings
from tests.rules.footprints import PACT_PREFIX

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_active_zero_is_not_false(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    admin = client.get("/api/v1/me", headers=auth("admin")).json()
    for sent in (0, "false", "no", 1):
        refused = client.patch(
            f"/api/v1/users/{admin['id']}", json={"active": sent}, headers=auth("admin")
        )
        assert refused.status_code == 422, sent
        assert refused.headers["content-type"] == "application/problem+json"
    assert client.get("/api/v1/me", headers=auth("admin")).json()["active"] is True
    run = client.post(
        "/api/v1/pathways/run",
        json={"toml": 'inherits = "plan"', "wedges": 0},
        headers=auth("public"),
    )
    assert run.status_code == 422


def test_times_carry_their_zone_on_sqlite(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    stamps = [
        client.get("/api/v1/imports", headers=auth("admin")).json()["items"][0]["created_at"],
        client.get("/api/v1/inventories", headers=auth("admin")).json()["items"][0]["created_at"],
        client.get("/api/v1/audit", headers=auth("admin")).json()["items"][0]["at"],
    ]
    for enterprise in client.get("/api/v1/enterprises", headers=auth("admin")).json():
        path = f"/api/v1/enterprises/{enterprise['enterprise_id']}"
        stamps += [
            i["filed_at"] for i in client.get(f"{path}/ledgers", headers=auth("admin")).json()
        ]
        stamps += [
            r["submitted_at"]
            for r in client.get(f"{path}/reports", headers=auth("admin")).json()
            if r["submitted_at"]
        ]
    assert len(stamps) > 5
    for stamp in stamps:
        parsed = datetime.fromisoformat(stamp)
        assert parsed.utcoffset() is not None and parsed.utcoffset().total_seconds() == 0, stamp


def test_a_405_names_every_method_of_the_path(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    answer = client.delete("/api/v1/enterprises", headers=auth("admin"))
    assert answer.status_code == 405
    assert answer.headers["content-type"] == "application/problem+json"
    assert {m.strip() for m in answer.headers["allow"].split(",")} == {"GET", "POST"}


def test_errors_and_downloads_are_documented_with_their_media_types(client: TestClient) -> None:
    paths: dict[str, Any] = client.get("/api/v1/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status, response in responses.items():
                if status[0] in "45":
                    # the PACT API's errors also carry the specification's own body
                    own = ["application/json"] if path.startswith(PACT_PREFIX) else []
                    assert list(response["content"]) in (
                        ["application/problem+json"],
                        ["application/problem+json", *own],
                    ), (path, status)
            assert {"400", "401", "403", "404", "409", "422", "503"} <= set(responses), path
            if method in ("post", "put", "patch", "delete"):
                assert "507" in responses, (method, path)
    assert "429" in paths["/api/v1/auth/token"]["post"]["responses"]
    assert "413" in paths["/api/v1/imports"]["post"]["responses"]
    assert "413" in paths["/api/v1/enterprises/{enterprise_id}/ledgers"]["post"]["responses"]
    template = paths["/api/v1/enterprises/ledger-template"]["get"]["responses"]["200"]
    assert list(template["content"]) == [XLSX]
    assert "Retry-After" in paths["/api/v1/health"]["get"]["responses"]["503"]["headers"]


def test_every_enterprise_route_has_a_typed_answer(client: TestClient) -> None:
    paths: dict[str, Any] = client.get("/api/v1/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if status.startswith("2") and schema is not None:
                    items = schema.get("items", schema)
                    assert "$ref" in items or "anyOf" in items, (method, path, schema)


def test_a_sign_in_during_a_long_write_answers_503_with_retry_after(database: str) -> None:
    settings = make_settings(database).model_copy(update={"lock_timeout_seconds": 0.2})
    app = create_app(settings, web=False)
    holder = sqlite3.connect(database.removeprefix("sqlite:///"), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process's long import holds the write lock
        with TestClient(app, base_url="https://testserver") as client:
            busy = client.post(
                "/api/v1/auth/token", json={"username": "admin", "password": PASSWORD}
            )
            assert busy.status_code == 503, busy.text
            assert busy.headers["retry-after"] == "5"
            assert busy.headers["content-type"] == "application/problem+json"
            assert "busy" in busy.json()["detail_en"] and busy.json()["detail_zh"]
            holder.execute("ROLLBACK")
            ok = client.post("/api/v1/auth/token", json={"username": "admin", "password": PASSWORD})
            assert ok.status_code == 200
    finally:
        holder.close()


def test_a_full_disk_answers_507_with_a_clear_message(
    database: str, tokens: dict[str, str]
) -> None:
    app = create_app(make_settings(database), web=False)
    engine = app.state.db.engine
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _no_more_pages(connection: Any, _record: Any) -> None:
        # SQLite's own "database or disk is full" (SQLITE_FULL): the file may not grow
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count={pages}")

    with TestClient(app, base_url="https://testserver") as client:
        full = client.post(
            "/api/v1/territories",
            json={
                "code": "T-" + "x" * 20,
                "name_zh": "满" * 200,
                "name_en": "x" * 200,
                "parent_code": "LJ-2016",
            },
            headers={"Authorization": f"Bearer {tokens['admin']}"},
        )
        for _ in range(200):  # fill the free pages of the file, then it is full
            if full.status_code != 201:
                break
            full = client.post(
                "/api/v1/territories",
                json={
                    "code": f"T-{_}",
                    "name_zh": "满" * 200,
                    "name_en": "x" * 200,
                    "parent_code": "LJ-2016",
                },
                headers={"Authorization": f"Bearer {tokens['admin']}"},
            )
        assert full.status_code == 507, full.text
        assert full.headers["content-type"] == "application/problem+json"
        assert "storage is full" in full.json()["detail_en"]
        assert "存储空间已满" in full.json()["detail_zh"]
