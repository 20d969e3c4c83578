"""Adaptation and early warning through the API on a real SQLite file (demo loaded):
warnings of the simulated summer, CAP 1.2 per event (valid, chained, re-imported unchanged),
a feed upload that raises a warning, risk, sponge city, green space, map, located errors."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cityclimate.io.cap import alert_from_xml, alert_to_xml, validate

T = "LJ-2016"


def test_the_demo_summer_raised_rainstorm_and_heat_warnings(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/v1/adaptation/{T}/warnings", headers=auth("public")).json()
    assert body["illustrative"] is True and body["jurisdiction"] == "CN-CQ"
    issued = {
        (e["hazard"], e["level"]) for e in body["events"] if e["action"] in ("issue", "upgrade")
    }
    assert {("rainstorm", "blue"), ("rainstorm", "red"), ("rainstorm", "yellow")} <= issued
    assert {("heat", "yellow"), ("heat", "orange"), ("heat", "red")} <= issued
    assert body["active"] == []  # every warning of the summer was cancelled by its end
    english = client.get(f"/api/v1/adaptation/{T}/warnings?lang=en", headers=auth("public")).json()
    assert english["events"][0]["hazard_name"] == "rainstorm"
    assert body["events"][0]["hazard_name"] == "暴雨"


def test_cap_export_validates_chains_and_reimports_unchanged(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    first = client.get(f"/api/v1/adaptation/{T}/cap/1", headers=auth("public"))
    assert first.status_code == 200 and first.headers["content-type"].startswith(
        "application/cap+xml"
    )
    validate(first.text)
    second = alert_from_xml(
        client.get(f"/api/v1/adaptation/{T}/cap/2", headers=auth("public")).text
    )
    parsed = alert_from_xml(first.text)
    assert second.msg_type == "Cancel" and second.references == (parsed.reference_key,)
    assert alert_to_xml(parsed) == first.text
    back = client.post(
        "/api/v1/adaptation/cap",
        files={"file": ("alert.xml", first.content, "application/xml")},
        headers=auth("climate_office"),
    )
    assert back.status_code == 200, back.text
    assert back.json()["identifiers"] == [parsed.identifier]
    assert client.get(f"/api/v1/adaptation/{T}/cap/9999", headers=auth("public")).status_code == 404


def test_a_bad_cap_upload_is_refused_with_the_element(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    xml = client.get(f"/api/v1/adaptation/{T}/cap/1", headers=auth("public")).text
    bad = xml.replace("<status>Exercise</status>", "<status>Maybe</status>")
    response = client.post(
        "/api/v1/adaptation/cap",
        files={"file": ("bad.xml", bad.encode(), "application/xml")},
        headers=auth("admin"),
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "status" in response.text


def test_a_feed_upload_raises_a_warning(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    feed = "site,time,variable,value,unit\n" + "".join(
        f"S-YL,2024-09-01T{h:02d}:00,precipitation,{v},mm\n" for h, v in enumerate([0, 20, 20, 20])
    )
    response = client.post(
        f"/api/v1/adaptation/{T}/feeds",
        files={"file": ("feed.csv", feed.encode(), "text/csv")},
        headers=auth("climate_office"),
    )
    assert response.status_code == 201, response.text
    assert response.json()["active"] == 1
    active = client.get(f"/api/v1/adaptation/{T}/warnings", headers=auth("public")).json()["active"]
    # 60 mm in 3 h at 03:00: orange, then still standing (the feed ends there).
    assert [(a["site"], a["level"], a["value"]) for a in active] == [("S-YL", "orange", 60.0)]
    bad = client.post(
        f"/api/v1/adaptation/{T}/feeds",
        files={
            "file": (
                "bad.csv",
                b"site,time,variable,value,unit\nS-YL,x,precipitation,1,mm\n",
                "text/csv",
            )
        },
        headers=auth("admin"),
    )
    assert bad.status_code == 422
    assert "bad.csv" in bad.text and "time" in bad.text
    refused = client.post(
        f"/api/v1/adaptation/{T}/feeds",
        files={"file": ("feed.csv", feed.encode(), "text/csv")},
        headers=auth("department"),
    )
    assert refused.status_code == 403


def test_risk_sponge_green_and_map(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    risk = client.get(f"/api/v1/adaptation/{T}/risk", headers=auth("public")).json()
    assert len(risk["risk"]) == 9 and risk["risk"][0]["rank"] == 1
    assert all(i["source"] for i in risk["inputs"])
    hotter = client.get(
        f"/api/v1/adaptation/{T}/risk?hazard_factor=1.2", headers=auth("public")
    ).json()
    assert sum(r["risk"] for r in hotter["risk"]) > sum(r["risk"] for r in risk["risk"])
    sponge = client.get(f"/api/v1/adaptation/{T}/sponge?year=2023", headers=auth("public")).json()
    # Zones Z1-Z4 meet: 30 + 30 + 18 + 17 = 95 km² of 177 km² (the demo's series).
    assert sponge["meeting_km2"] == 95 and sponge["built_up_km2"] == 177
    green = client.get(f"/api/v1/adaptation/{T}/green", headers=auth("public")).json()
    assert [g["year"] for g in green] == [2021, 2022, 2023]
    layers = client.get(f"/api/v1/adaptation/{T}/map", headers=auth("public")).json()
    assert layers["schematic"] is True
    assert len(layers["sub_areas"]["features"]) == 9 and len(layers["zones"]["features"]) == 6
    assert client.get("/api/v1/adaptation/NOPE/risk", headers=auth("public")).status_code == 404
    assert (
        client.get(
            f"/api/v1/adaptation/{T}/risk?hazard_factor=0", headers=auth("public")
        ).status_code
        == 422
    )


def test_the_catalogue_lists_national_rules_and_chongqing_overrides(
    client: TestClient, auth
) -> None:  # type: ignore[no-untyped-def]
    catalogue = client.get("/api/v1/adaptation/catalogue", headers=auth("public")).json()
    assert {r["jurisdiction"] for r in catalogue} == {"CN", "CN-CQ"}
    assert all(r["source"] and r["confirmed"] is False for r in catalogue)
