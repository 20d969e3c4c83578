"""API behaviour: health, sign-in and throttling, problem+json, pagination and filters, the
whole inventory workflow (bad upload → errors, fix → stage → confirm → compute → publish →
recalculate with a reason → diff), lineage, reports, visibility of drafts, the audit log."""

from __future__ import annotations

import io

import polars as pl
import xlsxwriter
from fastapi.testclient import TestClient

from cityclimate.demo import liangjiang


def xlsx(rows: list[dict[str, object]]) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as book:
        sheet = book.add_worksheet()
        header = list(rows[0])
        sheet.write_row(0, 0, header)
        for i, row in enumerate(rows, start=1):
            sheet.write_row(i, 0, [row[h] for h in header])
    return buffer.getvalue()


def revised_2020(scale: float = 1.1, *, broken: bool = False) -> list[dict[str, object]]:
    """The demo's 2020 records (Chinese headers of the template), gas in industry revised."""
    frame = liangjiang.activities().filter(pl.col("year") >= 2010)
    rows = []
    for r in frame.iter_rows(named=True):
        quantity = r["quantity"] * (scale if r["fuel"] == "natural_gas" else 1.0)
        rows.append(
            {
                "记录编号": r["record_id"],
                "地区": r["territory"],
                "板块": r["sub_area"] or "",
                "年份": r["year"],
                "排放类别": r["category"],
                "燃料/物料": r["fuel"],
                "活动水平": quantity,
                "单位": r["unit"],
            }
        )
    if broken:
        rows[3]["活动水平"] = "很多"  # text in a number
        rows[7]["排放类别"] = "energy.nonsense"  # unknown category
        rows[9]["单位"] = "bananas"  # unknown unit
    return rows


def test_health_and_openapi(client: TestClient) -> None:
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["database"] == "sqlite"
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/inventories/{version_id}/results/{result_id}/lineage" in spec["paths"]


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/api/v1/health").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"


def test_sign_in_wrong_password_then_throttled(client: TestClient) -> None:
    ok = client.post(
        "/api/v1/auth/token", json={"username": "admin", "password": "correct-horse-battery"}
    )
    assert ok.status_code == 200 and ok.json()["role"] == "admin"
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {ok.json()['access_token']}"})
    assert me.json()["username"] == "admin" and "password_hash" not in me.json()
    for _ in range(5):
        bad = client.post("/api/v1/auth/token", json={"username": "admin", "password": "nope"})
        assert bad.status_code == 401
        assert bad.headers["content-type"] == "application/problem+json"
        assert bad.json()["detail_zh"] == "用户名或密码错误"
        assert bad.json()["detail_en"] == "wrong user name or password"
    throttled = client.post(
        "/api/v1/auth/token", json={"username": "admin", "password": "correct-horse-battery"}
    )
    assert throttled.status_code == 429 and "retry-after" in throttled.headers


def test_problem_language_follows_accept_language(client: TestClient) -> None:
    zh = client.get("/api/v1/territories/NOWHERE", headers={"Authorization": "Bearer x"})
    assert zh.status_code == 401 and zh.json()["title"] == "需要登录"
    en = client.get(
        "/api/v1/territories/NOWHERE",
        headers={"Authorization": "Bearer x", "Accept-Language": "en"},
    )
    assert en.json()["title"] == "Authentication required"
    # the lang parameter wins over the header
    asked = client.get(
        "/api/v1/territories/NOWHERE?lang=zh-CN",
        headers={"Authorization": "Bearer x", "Accept-Language": "en"},
    )
    assert asked.json()["title"] == "需要登录"
    assert (
        client.get(
            "/api/v1/territories/NOWHERE?lang=en", headers={"Authorization": "Bearer x"}
        ).json()["title"]
        == "Authentication required"
    )


def test_sign_out_revokes_the_token(client: TestClient) -> None:
    token = client.post(
        "/api/v1/auth/token", json={"username": "public", "password": "correct-horse-battery"}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200  # read, and kept
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401  # refused at once


def test_a_deactivated_or_changed_user_is_refused_at_once(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    """The process keeps tokens it read lately (token_cache_seconds); a change of a user's
    activity or role must not wait for that."""
    admin = auth("admin")
    made = client.post(
        "/api/v1/users",
        json={"username": "dept3", "password": "a-long-password", "role": "department"},
        headers=admin,
    ).json()
    sign_in = {"username": "dept3", "password": "a-long-password"}
    token = client.post("/api/v1/auth/token", json=sign_in).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).json()["role"] == "department"
    client.patch(f"/api/v1/users/{made['id']}", json={"role": "public"}, headers=admin)
    assert client.get("/api/v1/me", headers=headers).status_code == 401  # its sessions ended
    token = client.post("/api/v1/auth/token", json=sign_in).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).json()["role"] == "public"
    client.patch(f"/api/v1/users/{made['id']}", json={"active": False}, headers=admin)
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_territories_paginate_and_filter(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/api/v1/territories?limit=5&offset=0", headers=auth("public")).json()
    assert len(page["items"]) == 5 and page["total"] > 5
    subs = client.get("/api/v1/territories?parent=LJ-2016", headers=auth("public")).json()
    assert subs["total"] == 9
    assert client.get("/api/v1/territories?limit=0", headers=auth("public")).status_code == 422


def test_dashboard_shows_the_demo_marked_illustrative(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/dashboard?territory=LJ-2016", headers=auth("public")).json()
    assert [p["year"] for p in body["trend"]] == [2019, 2020, 2021, 2022, 2023]
    assert round(body["trend"][1]["gross_co2e_t"] / 1e4, 2) == 724.42
    assert body["illustrative"] and body["notice_zh"].startswith("示例数据")
    assert body["latest"]["report"]["breakdowns"]["sub_area"]


def test_results_filter_and_lineage(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    headers = auth("public")
    version = client.get("/api/v1/inventories?territory=LJ-2016&year=2020", headers=headers).json()
    vid = version["items"][0]["id"]
    page = client.get(
        f"/api/v1/inventories/{vid}/results?category=energy.electricity&gas=CO2&limit=3",
        headers=headers,
    ).json()
    assert page["total"] > 0 and len(page["items"]) <= 3
    assert all(r["category"].startswith("energy.electricity") for r in page["items"])
    row = page["items"][0]
    lineage = client.get(
        f"/api/v1/inventories/{vid}/results/{row['id']}/lineage", headers=headers
    ).json()
    assert lineage["activity_record"]["record_id"] == row["record_id"]
    assert lineage["factor"]["factor_id"] == row["factor_id"]
    assert "nearest year" in lineage["factor"]["selection_reason"]
    # The public sees the numbers, not who uploaded the data or the file's name; staff do.
    assert lineage["import"]["created_by"] is None and lineage["import"]["filename"] is None
    staff = client.get(
        f"/api/v1/inventories/{vid}/results/{row['id']}/lineage", headers=auth("climate_office")
    ).json()
    assert staff["import"]["filename"] == "liangjiang-demo-activities.csv"  # loaded by the system


def test_reports_in_three_formats(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    headers = auth("public")
    vid = client.get("/api/v1/inventories?year=2020", headers=headers).json()["items"][0]["id"]
    as_json = client.get(f"/api/v1/inventories/{vid}/report", headers=headers).json()
    assert as_json["report"]["summary"]["gross_co2e_t"] > 0
    as_csv = client.get(f"/api/v1/inventories/{vid}/report?format=csv", headers=headers)
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert pl.read_csv(io.BytesIO(as_csv.content))["co2e_t"].sum() > 0
    as_xlsx = client.get(f"/api/v1/inventories/{vid}/report?format=xlsx", headers=headers)
    assert as_xlsx.content[:2] == b"PK"


def test_the_whole_workflow(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    bad = client.post(
        "/api/v1/imports",
        data={"territory_code": "LJ-2016"},
        files={"file": ("revised.xlsx", xlsx(revised_2020(broken=True)))},
        headers=office,
    )
    assert bad.status_code == 422, bad.text
    problems = bad.json()["errors"]
    assert {(p["row"], p["field"]) for p in problems} >= {
        (5, "quantity"),
        (9, "category"),
        (11, "unit"),
    }
    assert all(p["message_zh"] and p["message_en"] for p in problems)
    assert client.get("/api/v1/imports?status=staged", headers=office).json()["total"] == 0

    good = client.post(
        "/api/v1/imports",
        data={"territory_code": "LJ-2016"},
        files={"file": ("revised.xlsx", xlsx(revised_2020()))},
        headers=office,
    )
    assert good.status_code == 201, good.text
    import_id = good.json()["id"]
    assert good.json()["status"] == "staged"
    records = client.get(f"/api/v1/imports/{import_id}/records?year=2020&limit=2", headers=office)
    assert records.json()["total"] > 0 and len(records.json()["items"]) == 2
    assert client.post(f"/api/v1/imports/{import_id}/confirm", headers=office).status_code == 200

    published = client.get(
        "/api/v1/inventories?territory=LJ-2016&year=2020&status=published", headers=office
    ).json()["items"][0]
    recalc = client.post(
        f"/api/v1/inventories/{published['id']}/recalculate",
        json={"reason": "天然气消费量按统计年鉴修订 · gas use revised", "import_id": import_id},
        headers=office,
    )
    assert recalc.status_code == 201, recalc.text
    new = recalc.json()
    assert new["status"] == "draft" and new["parent_id"] == published["id"]
    assert new["gross_co2e_t"] > published["gross_co2e_t"]
    # the public does not see the draft
    assert client.get(f"/api/v1/inventories/{new['id']}", headers=auth("public")).status_code == 404

    diff = client.get(f"/api/v1/inventories/{new['id']}/diff", headers=office).json()
    assert diff["reason"].startswith("天然气")
    changed = [r for r in diff["categories"] if abs(r["change_co2e_t"]) > 1e-6]
    assert changed and all(r["change_co2e_t"] > 0 for r in changed)

    assert (
        client.post(f"/api/v1/inventories/{new['id']}/publish", headers=office).status_code == 200
    )
    old = client.get(f"/api/v1/inventories/{published['id']}", headers=office).json()
    assert old["status"] == "recalculated"
    again = client.post(f"/api/v1/inventories/{new['id']}/publish", headers=office)
    assert again.status_code == 409 and again.json()["detail_en"]
    assert (
        client.post(f"/api/v1/inventories/{new['id']}/recompute", headers=office).status_code == 409
    )

    audit = client.get("/api/v1/audit?entity=inventory_version", headers=auth("admin")).json()
    actions = [e["action"] for e in audit["items"]]
    assert {"recalculate", "publish", "supersede"} <= set(actions)
    publish = next(e for e in audit["items"] if e["action"] == "publish")
    assert publish["username"] == "climate_office"
    assert publish["before"]["status"] == "draft" and publish["after"]["status"] == "published"


def test_compute_a_new_draft_and_recompute(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    draft = client.post(
        "/api/v1/inventories", json={"territory_code": "LJ-2016", "year": 2019}, headers=office
    )
    assert draft.status_code == 201, draft.text
    vid = draft.json()["id"]
    assert draft.json()["number"] == 2
    assert client.post(f"/api/v1/inventories/{vid}/recompute", headers=office).status_code == 200
    missing = client.post(
        "/api/v1/inventories", json={"territory_code": "LJ-2016", "year": 2030}, headers=office
    )
    assert missing.status_code == 404 and missing.json()["detail_zh"]


def test_users_are_managed_and_audited_without_hashes(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    admin = auth("admin")
    made = client.post(
        "/api/v1/users",
        json={"username": "dept2", "password": "a-long-password", "role": "department"},
        headers=admin,
    )
    assert made.status_code == 201
    uid = made.json()["id"]
    changed = client.patch(f"/api/v1/users/{uid}", json={"active": False}, headers=admin)
    assert changed.json()["active"] is False
    entries = client.get("/api/v1/audit?entity=user", headers=admin).json()["items"]
    assert entries[0]["before"]["active"] is True and entries[0]["after"]["active"] is False
    assert all("password_hash" not in str(e) for e in entries)
    dup = client.post(
        "/api/v1/users",
        json={"username": "dept2", "password": "a-long-password", "role": "department"},
        headers=admin,
    )
    assert dup.status_code == 409
