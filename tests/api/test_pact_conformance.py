"""The PACT v3 API against the conformance test cases that run offline (wbcsd/
pact-conformance-test-service, docs/v3-test-cases-expected-results.md): TC1–TC8 and TC12–TC16.
TC9–TC11 and TC17 (plain HTTP refused) are the TLS proxy's job in a deployment; TC18–TC19
(OpenID Connect discovery) are not offered. Event bodies are the project's own, valid under the
v3 schema (the test service's sample footprint for TC13 lacks required v3 properties)."""

from __future__ import annotations

import base64
import json

import pytest
from fastapi.testclient import TestClient

from cityclimate.demo import footprints as demo
from cityclimate.footprints import pact
from cityclimate.io.pact_schema import pact_openapi
from tests.api.conftest import PASSWORD

BASE = "/api/v1/pact"


def basic(user: str, password: str) -> dict[str, str]:
    secret = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {secret}"}


@pytest.fixture
def bearer(client: TestClient) -> dict[str, str]:
    """TC1: a token from the client-credentials action, as the conformance service gets it."""
    response = client.post(
        f"{BASE}/auth/token",
        data={"grant_type": "client_credentials"},
        headers=basic("enterprise", PASSWORD),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0
    return {"Authorization": f"Bearer {body['access_token']}"}


def test_tc2_invalid_credentials_are_refused(client: TestClient) -> None:
    response = client.post(
        f"{BASE}/auth/token",
        data={"grant_type": "client_credentials"},
        headers=basic("enterprise", "wrong"),
    )
    assert response.status_code in (400, 401)
    assert response.json()["error"] == "invalid_client"
    assert "access_token" not in response.json()


def test_tc3_tc4_list_and_get_give_valid_footprints(
    client: TestClient, bearer: dict[str, str]
) -> None:
    listed = client.get(f"{BASE}/3/footprints", headers=bearer)
    assert listed.status_code == 200
    data = listed.json()["data"]
    assert len(data) >= 2  # the test service needs two or more footprints
    for document in data:
        pact.validate_product_footprint(document, pact_openapi())
    one = client.get(f"{BASE}/3/footprints/{data[0]['id']}", headers=bearer)
    assert one.status_code == 200
    assert one.json()["data"] == data[0]


def test_tc5_pagination_follows_the_link_header(client: TestClient, bearer: dict[str, str]) -> None:
    first = client.get(f"{BASE}/3/footprints", params={"limit": 1}, headers=bearer)
    assert first.status_code == 200 and len(first.json()["data"]) == 1
    link = first.headers["link"]
    assert link.endswith('; rel="next"') and link.startswith("<https://testserver/")
    following = client.get(link[1 : link.index(">")], headers=bearer)
    assert following.status_code == 200
    assert following.json()["data"][0]["id"] != first.json()["data"][0]["id"]
    everything = client.get(f"{BASE}/3/footprints", params={"limit": 1000}, headers=bearer)
    assert "link" not in everything.headers


def test_filters_by_product_and_geography(client: TestClient, bearer: dict[str, str]) -> None:
    product = "urn:cityclimate:product:LJ-BATT:battery-pack-60"
    found = client.get(f"{BASE}/3/footprints", params={"productId": product}, headers=bearer).json()
    assert [d["productIds"] for d in found["data"]] == [[product]]
    assert client.get(
        f"{BASE}/3/footprints", params={"geography": "DE"}, headers=bearer
    ).json() == {"data": []}
    assert (
        len(
            client.get(f"{BASE}/3/footprints", params={"geography": "CN"}, headers=bearer).json()[
                "data"
            ]
        )
        == 3
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/3/footprints"), ("GET", "/3/footprints/x"), ("POST", "/3/events")],
)
def test_tc6_tc7_tc16_an_invalid_token_is_a_bad_request(
    client: TestClient, method: str, path: str
) -> None:
    response = client.request(
        method, BASE + path, headers={"Authorization": "Bearer invalid-access-token"}, json={}
    )
    assert response.status_code == 400
    assert response.json() == {"code": "BadRequest", "message": "Invalid token provided"}


def test_tc8_an_unknown_footprint_is_not_found(client: TestClient, bearer: dict[str, str]) -> None:
    response = client.get(f"{BASE}/3/footprints/non-existent-id", headers=bearer)
    assert response.status_code == 404
    assert response.json()["code"] == "NoSuchFootprint"


def _event(kind: str, data: dict[str, object]) -> dict[str, object]:
    return {
        "type": f"org.wbcsd.pact.ProductFootprint.{kind}.3", "specversion": "1.0",
        "id": "test-run-id-12345", "source": "https://webhook.example.com",
        "time": "2026-05-19T10:30:00Z", "data": data,
    }  # fmt: skip


@pytest.mark.parametrize(
    "event",
    [
        _event(
            "RequestCreatedEvent", {"productId": ["urn:gtin:1234567890123"], "geography": ["CN"]}
        ),
        _event(
            "RequestFulfilledEvent",
            {"requestEventId": "test-run-id-12345", "pfs": [demo.laptop_battery_document()]},
        ),
        _event(
            "RequestRejectedEvent",
            {
                "requestEventId": "test-run-id-12345",
                "error": {"code": "NotFound", "message": "none"},
            },
        ),
        _event("PublishedEvent", {"pfIds": ["urn:gtin:4712345060507"]}),
    ],
    ids=["tc12-created", "tc13-fulfilled", "tc14-rejected", "tc15-published"],
)
def test_tc12_to_tc15_events_are_accepted(
    client: TestClient, bearer: dict[str, str], event: dict[str, object]
) -> None:
    response = client.post(
        f"{BASE}/3/events", content=json.dumps(event),
        headers={**bearer, "Content-Type": "application/cloudevents+json; charset=UTF-8"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    assert response.content == b""


def test_an_invalid_event_is_refused_naming_the_field(
    client: TestClient, bearer: dict[str, str]
) -> None:
    broken = demo.laptop_battery_document()
    del broken["pcf"]["fossilGhgEmissions"]
    event = _event("RequestFulfilledEvent", {"requestEventId": "r", "pfs": [broken]})
    response = client.post(f"{BASE}/3/events", json=event, headers=bearer)
    assert response.status_code == 400
    assert response.json()["code"] == "BadRequest"
    assert "pcf.fossilGhgEmissions" in response.json()["message"]
