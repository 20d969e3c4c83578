"""The footprint API: an automaker asks its battery supplier, the supplier answers with a PACT v3
footprint, the automaker's result follows; datasets import all or nothing; the public sees
published declarations only."""

from __future__ import annotations

import copy

from fastapi.testclient import TestClient

from cityclimate.demo import footprints as demo
from cityclimate.services import accounts, enterprises
from cityclimate.services.actors import SYSTEM
from cityclimate.storage import make_engine, make_sessionmaker, transaction


def _member_token(database: str, name: str, enterprise_id: str) -> dict[str, str]:
    engine = make_engine(database)
    with transaction(make_sessionmaker(engine), write=True) as s:
        user = accounts.create_user(s, SYSTEM, username=name, password="x" * 12, role="enterprise")
        enterprises.bind_member(s, SYSTEM, user.id, enterprise_id)
        secret, _ = accounts.issue_token(s, user, kind="api")
    engine.dispose()
    return {"Authorization": f"Bearer {secret}"}


def test_a_supplier_answer_flows_into_the_requesters_result(
    client: TestClient, database: str
) -> None:
    auto = _member_token(database, "auto-api", "LJ-AUTO")
    battery = _member_token(database, "batt-api", "LJ-BATT")
    products = {
        p["code"]: p for p in client.get("/api/v1/footprints/products", headers=auto).json()
    }
    car = products["ev-sedan"]
    before = client.post(f"/api/v1/footprints/products/{car['id']}/compute", headers=auto).json()
    created = client.post(
        "/api/v1/footprints/requests",
        json={"product_id": car["id"], "input_code": "vehicle_assembly/battery_pack", "supplier_id": "LJ-BATT"},
        headers=auto,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    request_id = created.json()["id"]
    assert [
        r["id"] for r in client.get("/api/v1/footprints/requests", headers=battery).json()
    ].count(request_id) == 1
    document = copy.deepcopy(demo.laptop_battery_document())
    document["id"] = "0c0ffee0-0000-4000-8000-0000000000aa"
    for key in ("pcfExcludingBiogenicUptake", "pcfIncludingBiogenicUptake", "fossilGhgEmissions"):
        document["pcf"][key] = "4000"
    bad = copy.deepcopy(document)
    bad["pcf"]["declaredUnitAmount"] = "-1"
    refused = client.post(
        f"/api/v1/footprints/requests/{request_id}/answer", json={"pact": bad}, headers=battery
    )
    assert refused.status_code == 422
    assert "pcf.declaredUnitAmount" in refused.text
    answered = client.post(
        f"/api/v1/footprints/requests/{request_id}/answer", json={"pact": document}, headers=battery
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "answered" and answered.json()["co2e_kg_per_unit"] == 4000.0
    detail = client.get(f"/api/v1/footprints/products/{car['id']}", headers=auto).json()
    assert (
        detail["result"]["inputs"]["suppliers"]["vehicle_assembly/battery_pack"]["co2e_kg_per_unit"]
        == 4000.0
    )
    assert detail["result"]["co2e_kg_per_unit"] != before["co2e_kg_per_unit"]


def test_datasets_import_all_or_nothing(client: TestClient, database: str) -> None:
    battery = _member_token(database, "batt-ds", "LJ-BATT")
    header = "code,name_zh,unit,co2e_kg_per_unit,region,year,source,version,licence\n"
    bad = header + "al,原铝,kg,16,CN,2022,mine,1,CC0\ncu,铜,kg,abc,CN,2022,mine,1,CC0\n"
    refused = client.post(
        "/api/v1/footprints/datasets", files={"file": ("ds.csv", bad.encode())}, headers=battery
    )
    assert refused.status_code == 422
    assert "co2e_kg_per_unit" in refused.text
    own = [
        d
        for d in client.get("/api/v1/footprints/datasets", headers=battery).json()
        if d["owner"] == "LJ-BATT"
    ]
    assert own == []
    good = header + "al,原铝,kg,16,CN,2022,mine,1,CC0\n"
    assert client.post(
        "/api/v1/footprints/datasets", files={"file": ("ds.csv", good.encode())}, headers=battery
    ).json() == {"imported": 1}


def test_the_public_sees_published_declarations(client: TestClient) -> None:
    products = client.get("/api/v1/footprints/products").json()
    assert products and all(p["published"] for p in products)
    pact = client.get(f"/api/v1/footprints/products/{products[0]['id']}/pact").json()
    assert pact["data"]["specVersion"] == "3.0.3"


def test_datasets_import_from_xlsx_names_the_row(client: TestClient, database: str) -> None:
    import io

    from openpyxl import Workbook

    office = _member_token(database, "x", "LJ-BATT")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["编码", "名称", "单位", "排放因子(kgCO2e/单位)", "地区", "年份", "来源", "版本", "许可"]
    )
    sheet.append(["steel", "钢", "kg", "2.1", "CN", "2023", "mine", "1", "CC0"])
    sheet.append(["glass", "玻璃", "kg", "1.1", "CN", "2300", "mine", "1", "CC0"])
    data = io.BytesIO()
    book.save(data)
    files = {"file": ("ds.xlsx", data.getvalue())}
    refused = client.post("/api/v1/footprints/datasets", files=files, headers=office)
    assert refused.status_code == 422
    [problem] = refused.json()["errors"]
    assert (problem["row"], problem["field"]) == (3, "year")
