"""The reporting calendar's API (issue 19): the year's deadlines with their state on a day
(hand-counted days late), what each role sees, the office's own dates (audited, bad dates
refused), and the iCalendar feed for a person not signed in."""

from __future__ import annotations

from fastapi.testclient import TestClient

ITEMS = "/api/v1/calendar/LJ-2016/items"


def test_office_sees_each_enterprise_and_states_on_a_day(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    got = client.get(
        ITEMS, params={"year": 2022, "on": "2023-05-01"}, headers=auth("climate_office")
    )
    assert got.status_code == 200, got.text
    items = got.json()
    office = {i["kind"]: i for i in items if not i["subject_zh"]}
    # 2022's assessment notices are due 30 April 2023: on 1 May one day overdue.
    assert office["assessment_notice"]["due"] == "2023-04-30"
    assert (office["assessment_notice"]["state"], office["assessment_notice"]["days_late"]) == (
        "overdue",
        1,
    )
    # The demo published its 2022 inventory and evaluation: done (late, by the load's date).
    assert office["inventory_publication"]["done_on"] is not None
    reports = [i for i in items if i["kind"] == "emission_report"]
    assert reports and all(i["subject_zh"] for i in reports)  # one per enterprise, by name
    unfiled = [i for i in reports if i["done_on"] is None]
    # 31 March 2023 → 1 May 2023: 31 days.
    assert unfiled and all((i["state"], i["days_late"]) == ("overdue", 31) for i in unfiled)
    assert items[0]["state"] == "overdue"  # overdue first
    # The enterprises' 2020 reports were filed: LJ-CHP's accepted report is done.
    done = client.get(
        ITEMS, params={"year": 2020, "on": "2026-01-01"}, headers=auth("admin")
    ).json()
    chp = [i for i in done if i["kind"] == "emission_report" and i["done_on"]]
    assert chp


def test_public_sees_deadlines_without_names(client: TestClient) -> None:
    items = client.get(ITEMS, params={"year": 2022, "on": "2023-05-01"}).json()
    assert items and all(i["subject_zh"] == "" for i in items)
    assert {i["kind"] for i in items} >= {"emission_report", "disclosure", "inventory_publication"}
    assert client.get("/api/v1/calendar/NO-SUCH/items").status_code == 404


def test_office_sets_its_dates(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    body = {
        "name_zh": "发布上年度温室气体清单",
        "name_en": "publish the inventory",
        "month": 9,
        "day": 30,
    }
    put = client.put(
        "/api/v1/calendar/LJ-2016/rules/inventory_publication",
        json=body,
        headers=auth("climate_office"),
    )
    assert put.status_code == 200, put.text
    rules = {r["kind"]: r for r in client.get("/api/v1/calendar/LJ-2016/rules").json()}
    assert (rules["inventory_publication"]["month"], rules["inventory_publication"]["day"]) == (
        9,
        30,
    )
    items = client.get(ITEMS, params={"year": 2024, "on": "2025-07-01"}).json()
    assert next(i for i in items if i["kind"] == "inventory_publication")["due"] == "2025-09-30"
    audit = client.get("/api/v1/audit", headers=auth("admin")).json()["items"]
    assert any(a["action"] == "set_deadline" and a["entity"] == "reporting_deadline" for a in audit)
    bad = client.put(
        "/api/v1/calendar/LJ-2016/rules/inventory_publication",
        json={**body, "month": 2, "day": 30},
        headers=auth("climate_office"),
    )
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    assert "2-30" in bad.text
    rules = {r["kind"]: r for r in client.get("/api/v1/calendar/LJ-2016/rules").json()}
    assert rules["inventory_publication"]["month"] == 9  # nothing half-written


def test_icalendar_feed(client: TestClient) -> None:
    feed = client.get("/api/v1/calendar/LJ-2016/calendar.ics", params={"lang": "en"})
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    text = feed.text
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") >= 10
    assert "SUMMARY:annual emission report" in text
