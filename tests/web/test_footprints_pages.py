"""The footprint pages: products in names (zh), a product's system and result, a supplier
answering a request with a PACT v3 footprint on the page, and the public declaration with its
label (SVG, PNG, PDF with the QR code's link) and GB/T 24067 report (PDF)."""

from __future__ import annotations

import io
import json
import re

from fastapi.testclient import TestClient
from pypdf import PdfReader

from cityclimate.app import create_app
from cityclimate.demo import footprints as demo
from cityclimate.services import accounts, enterprises
from cityclimate.services.actors import SYSTEM
from cityclimate.settings import Settings
from cityclimate.storage import make_engine, make_sessionmaker, transaction
from tests.web.conftest import sign_in


def test_products_and_declaration_in_the_browser(page) -> None:  # type: ignore[no-untyped-def]
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "climate_office")
    page.click("nav a[href='/footprints']")
    page.wait_for_url("**/footprints")
    assert page.locator("h1").first.inner_text() == "产品碳足迹"
    listed = page.get_by_test_id("footprint-products").inner_text()
    assert "示例 60 千瓦时磷酸铁锂电池包" in listed and "示例·两江动力电池" in listed
    assert "LJ-BATT" not in listed and "battery-pack-60" not in listed  # names, not codes
    assert "示意" in page.get_by_test_id("footprints-illustrative").inner_text()
    assert "锂离子电池" in listed and "lithium_battery" not in listed  # the pilot catalogue by name
    page.locator("tr[data-product='battery-pack-60'] a").first.click()
    page.wait_for_url("**/footprints/products/*")
    assert "4,246.35" in page.get_by_test_id("footprint-value").inner_text()
    assert "电芯装配" in page.get_by_test_id("footprint-processes").inner_text()
    page.get_by_test_id("declaration-link").click()
    page.wait_for_url("**/footprints/declarations/*")
    declared = page.get_by_test_id("declaration").inner_text()
    assert "4,246.35 kg CO2e / 件" in declared and "从摇篮到大门" in declared
    assert "GB/T 24067-2024" in declared and "示例核查机构" in declared
    label = page.get_by_test_id("declaration-label")
    assert label.evaluate("img => img.complete && img.naturalWidth") == 600


def _member(url: str, name: str, enterprise_id: str) -> str:
    engine = make_engine(url)
    with transaction(make_sessionmaker(engine), write=True) as s:
        user = accounts.create_user(s, SYSTEM, username=name, password="x" * 12, role="enterprise")
        enterprises.bind_member(s, SYSTEM, user.id, enterprise_id)
        secret, _ = accounts.issue_token(s, user, kind="session")
    engine.dispose()
    return secret


def test_a_supplier_answers_on_the_page_and_the_documents_render(database: str) -> None:
    app = create_app(Settings(database_url=database, secure_cookies=False))
    automaker = _member(database, "auto-page", "LJ-AUTO")
    supplier = _member(database, "batt-page", "LJ-BATT")
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        client.cookies.set("cityclimate_session", automaker)
        listing = client.get("/footprints").text
        car = re.search(
            r'data-product="ev-sedan">\s*<td><a href="/footprints/products/(\d+)"', listing
        )
        assert car is not None
        form = client.get("/footprints/requests").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert csrf is not None
        # the input and the supplier are chosen by name, not typed as codes
        assert re.search(r'<option value="vehicle_assembly/battery_pack">[^<]*电池包', form)
        assert '<option value="LJ-BATT">示例·两江动力电池' in form
        sent = client.post("/footprints/requests", data={
            "csrf_token": csrf.group(1), "product_id": car.group(1),
            "input_code": "vehicle_assembly/battery_pack", "supplier_id": "LJ-BATT",
        })  # fmt: skip
        assert sent.status_code == 303
        client.cookies.set("cityclimate_session", supplier)
        inbox = client.get("/footprints/requests").text
        assert "示例·龙兴汽车整车" in inbox and "待答复" in inbox
        assert "电池包" in inbox and "vehicle_assembly/battery_pack" not in inbox
        request_id = re.search(r'action="/footprints/requests/(\d+)/answer"', inbox)
        token = re.search(r'name="csrf_token" value="([^"]+)"', inbox)
        assert request_id is not None and token is not None
        document = demo.laptop_battery_document()
        broken = {**document, "pcf": {**document["pcf"], "declaredUnitAmount": "x"}}
        refused = client.post(f"/footprints/requests/{request_id.group(1)}/answer",
                              data={"csrf_token": token.group(1), "pact_json": json.dumps(broken)})  # fmt: skip
        assert refused.status_code == 422 and "pcf.declaredUnitAmount" in refused.text
        answered = client.post(f"/footprints/requests/{request_id.group(1)}/answer",
                               data={"csrf_token": token.group(1), "pact_json": json.dumps(document)})  # fmt: skip
        assert answered.status_code == 303
        done = client.get("/footprints/requests").text
        assert "已答复" in done and "kg CO2e / 件" in done
        client.cookies.set("cityclimate_session", automaker)
        car_page = client.get(f"/footprints/products/{car.group(1)}").text
        suppliers = car_page[car_page.index('data-testid="footprint-suppliers"') :]
        assert "动力电池包" in suppliers and "1.60" in suppliers  # the answer's technological DQR
        client.cookies.clear()
        products = client.get("/api/v1/footprints/products").json()
        battery = next(p for p in products if p["code"] == "battery-pack-60")
        base = f"/footprints/declarations/{battery['id']}"
        page = client.get(base)
        assert page.status_code == 200 and "4,246.35" in page.text
        svg = client.get(f"{base}/label.svg")
        assert svg.headers["content-type"].startswith("image/svg+xml")
        assert "4,246.35" in svg.text and f"http://testserver{base}" in svg.text
        png = client.get(f"{base}/label.png")
        assert png.content.startswith(b"\x89PNG")
        label_pdf = PdfReader(io.BytesIO(client.get(f"{base}/label.pdf").content))
        assert "4,246.35" in label_pdf.pages[0].extract_text()
        report = PdfReader(io.BytesIO(client.get(f"{base}/report.pdf").content))
        text = "".join(p.extract_text() for p in report.pages)
        for heading in (
            "1 概况",
            "2 目的与范围",
            "3 生命周期清单分析",
            "4 影响评价",
            "5 结果解释",
            "6 声明",
        ):
            assert heading in text
        assert "4,246.35" in text and "示意" in text
        unpublished = client.get("/footprints/declarations/999999")
        assert unpublished.status_code == 404


def test_an_enterprise_enters_a_product_and_its_system_on_the_pages(database: str) -> None:
    app = create_app(Settings(database_url=database, secure_cookies=False))
    maker = _member(database, "glass-page", "LJ-GLASS")
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        client.cookies.set("cityclimate_session", maker)
        listing = client.get("/footprints").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', listing)
        assert token is not None and 'data-testid="product-form"' in listing
        csrf = token.group(1)
        made = client.post("/footprints/products", data={
            "csrf_token": csrf, "code": "pane", "name_zh": "钢化玻璃", "declared_unit": "kilogram",
            "mass_per_unit_kg": "1",
        })  # fmt: skip
        assert made.status_code == 303
        product = made.headers["location"]
        system = {"processes": [{"code": "tempering", "name": {"zh": "钢化", "en": "tempering"},
                                 "output_amount": 1, "output_unit": "kg", "primary": True,
                                 "inputs": [{"code": "gas", "name": {"zh": "天然气", "en": "gas"},
                                             "amount": 0.01, "unit": "GJ",
                                             "dataset": "fuel.combustion.natural_gas"}]}]}  # fmt: skip
        bad = json.dumps({"processes": [{**system["processes"][0], "output_amount": 0}]})
        refused = client.post(f"{product}/system", data={"csrf_token": csrf, "reference_year": "2024"},
                              files={"file": ("pane.json", bad.encode())})  # fmt: skip
        assert refused.status_code == 422 and "output_amount" in refused.text
        saved = client.post(f"{product}/system", data={"csrf_token": csrf, "reference_year": "2024"},
                            files={"file": ("pane.json", json.dumps(system).encode())})  # fmt: skip
        assert saved.status_code == 303
        assert client.post(f"{product}/compute", data={"csrf_token": csrf}).status_code == 303
        shown = client.get(product).text
        # 0.01 GJ × 55.54 kg CO2/GJ (GB/T 32151 natural gas, the inventory's factor)
        assert "0.56 kg CO2e / 千克" in shown and "钢化" in shown
        datasets = client.get("/footprints/datasets").text
        assert "天然气燃烧" in datasets and "清单排放因子" in datasets
