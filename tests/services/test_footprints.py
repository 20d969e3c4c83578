"""Footprint use cases on the demo: datasets, a product computed from its system, a supplier's
PACT v3 answer flowing into the requester's result, publication, and who may see what."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.demo import footprints as demo
from cityclimate.demo.load import load_demo
from cityclimate.errors import DataValidationError
from cityclimate.footprints import pact
from cityclimate.io.pact_schema import pact_openapi
from cityclimate.services import accounts, enterprises
from cityclimate.services.actors import SYSTEM, Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.services.footprints import datasets, products, requests
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.footprints_models import FootprintProduct, PactFootprint
from cityclimate.storage.models import AuditEntry


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sessionmaker[Session]]:
    path = tmp_path_factory.mktemp("footprints") / "f.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with transaction(factory, write=True) as s:
        load_demo(s, SYSTEM)
    yield factory
    engine.dispose()


def _member(s: Session, name: str, enterprise_id: str) -> Actor:
    user = accounts.create_user(s, SYSTEM, username=name, password="x" * 12, role="enterprise")
    enterprises.bind_member(s, SYSTEM, user.id, enterprise_id)
    return Actor(user.id, user.username, user.role)


def _product(s: Session, code: str) -> FootprintProduct:
    row = s.scalar(select(FootprintProduct).where(FootprintProduct.code == code))
    assert row is not None
    return row


def test_the_demo_computes_every_product_from_its_system_and_publishes_valid_pact(
    sessions: sessionmaker[Session],
) -> None:
    with transaction(sessions) as s:
        battery = _product(s, "battery-pack-60")
        assert battery.illustrative
        result = products.latest_result(s, battery.id)
        assert result is not None
        # the inputs used are stored with the result, each dataset with its value and version
        assert result.inputs["datasets"]["demo.lfp_cathode_material"]["co2e_kg_per_unit"] == 12.0
        assert result.co2e_kg_per_unit == pytest.approx(sum(result.result["by_process"].values()))
        for row in s.scalars(select(PactFootprint).where(PactFootprint.status == "Active")):
            pact.validate_product_footprint(row.document, pact_openapi())
        assert len(demo.PRODUCTS) == 3


def test_a_supplier_answers_with_a_pact_footprint_and_the_requester_result_follows(
    sessions: sessionmaker[Session],
) -> None:
    with transaction(sessions, write=True) as s:
        automaker = _member(s, "auto1", "LJ-AUTO")
        supplier = _member(s, "batt1", "LJ-BATT")
        car = _product(s, "ev-sedan")
        before = products.compute(s, automaker, car.id).co2e_kg_per_unit
        request = requests.create_request(
            s, automaker, product_id=car.id, input_code="vehicle_assembly/battery_pack",
            supplier_id="LJ-BATT", message="PACT v3 please",
        )  # fmt: skip
        document = copy.deepcopy(demo.laptop_battery_document())
        document["id"] = "0c0ffee0-0000-4000-8000-000000000001"
        document["pcf"]["pcfExcludingBiogenicUptake"] = "3900"
        document["pcf"]["pcfIncludingBiogenicUptake"] = "3900"
        document["pcf"]["fossilGhgEmissions"] = "3900"
        # a broken answer is refused naming the field, and nothing changes
        broken = copy.deepcopy(document)
        del broken["pcf"]["declaredUnitAmount"]
        with pytest.raises(DataValidationError) as caught:
            requests.answer_with_pact(s, supplier, request.id, broken, pact_openapi())
        assert caught.value.problems[0].field == "pcf.declaredUnitAmount"
        # the automaker may not answer its own request
        with pytest.raises(NotFoundError):
            requests.answer_with_pact(s, automaker, request.id, document, pact_openapi())
        requests.answer_with_pact(s, supplier, request.id, document, pact_openapi())
        after = products.latest_result(s, car.id)
        assert after is not None
        supplied = after.inputs["suppliers"]["vehicle_assembly/battery_pack"]
        assert supplied["co2e_kg_per_unit"] == 3900.0
        assert supplied["dqr"] == demo.LAPTOP_BATTERY_DQR
        assert after.result["by_input"]["vehicle_assembly/battery_pack"] == pytest.approx(3900.0)
        assert after.co2e_kg_per_unit < before
        with pytest.raises(ConflictError):
            requests.answer_with_pact(s, supplier, request.id, document, pact_openapi())
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "answer")) is not None


def test_a_v2_answer_is_mapped_and_a_wrong_unit_refused(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions, write=True) as s:
        laptop_maker = _member(s, "lap1", "LJ-LAPTOP")
        supplier = _member(s, "batt2", "LJ-BATT")
        laptop = _product(s, "laptop-14")
        request = requests.create_request(
            s, laptop_maker, product_id=laptop.id, input_code="laptop_assembly/battery",
            supplier_id="LJ-BATT",
        )  # fmt: skip
        v3 = demo.laptop_battery_document()
        per_kg = copy.deepcopy(v3)
        per_kg["pcf"]["declaredUnitOfMeasurement"] = "kilogram"
        with pytest.raises(DataValidationError) as caught:
            requests.answer_with_pact(s, supplier, request.id, per_kg, pact_openapi())
        assert caught.value.problems[0].field == "pcf.declaredUnitOfMeasurement"
        v2 = {
            "id": "0c0ffee0-0000-4000-8000-000000000002", "specVersion": "2.2.0", "version": 1,
            "created": v3["created"], "status": "Active", "companyName": v3["companyName"],
            "companyIds": v3["companyIds"], "productDescription": "v2", "productIds": v3["productIds"],
            "productCategoryCpc": "46410", "productNameCompany": "笔记本电池",
            "pcf": {
                "declaredUnit": "piece", "unitaryProductAmount": "1", "productMassPerDeclaredUnit": "0.25",
                "pCfExcludingBiogenic": "6.5", "pCfIncludingBiogenic": "6.5", "fossilGhgEmissions": "6.5",
                "fossilCarbonContent": "0", "ipccCharacterizationFactorsSources": ["AR6"],
                "crossSectoralStandardsUsed": ["ISO Standard 14067"], "referencePeriodStart": v3["pcf"]["referencePeriodStart"],
                "referencePeriodEnd": v3["pcf"]["referencePeriodEnd"], "exemptedEmissionsPercent": 0,
            },
        }  # fmt: skip
        answered = requests.answer_with_pact(s, supplier, request.id, v2, pact_openapi())
        assert answered.answer is not None
        assert answered.answer["co2e_kg_per_unit"] == 6.5
        assert [d["field"] for d in answered.answer["dropped"]] == ["version"]


def test_who_sees_what(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions, write=True) as s:
        other = _member(s, "glass1", "LJ-GLASS")
        public = Actor(None, "", "public")
        battery = _product(s, "battery-pack-60")
        assert products.get_product(s, public, battery.id).id == battery.id  # published
        with pytest.raises(NotFoundError):
            products.compute(s, other, battery.id)
        assert requests.list_requests(s, other) == []
        assert all(r["owner"] in ("", "LJ-GLASS") for r in datasets.list_datasets(s, other))
        unpublished = products.create_product(
            s, other, code="pane", name_zh="玻璃", declared_unit="kilogram"
        )
        with pytest.raises(NotFoundError):
            products.get_product(s, public, unpublished.id)
        with pytest.raises(ConflictError):
            products.compute(s, other, unpublished.id)


def test_the_chain_on_sqlite_and_postgresql(demo_sessions: sessionmaker[Session]) -> None:
    """The demo's answered requests and published declarations, and one more PACT answer, on
    both backends (JSON columns, the requester's recomputation, the deprecation of a
    declaration by the next)."""
    with transaction(demo_sessions, write=True) as s:
        laptop = _product(s, "laptop-14")
        first = products.active_footprint(s, laptop.id)
        assert first is not None
        maker = _member(s, "lap-pg", "LJ-LAPTOP")
        supplier = _member(s, "batt-pg", "LJ-BATT")
        request = requests.create_request(
            s,
            maker,
            product_id=laptop.id,
            input_code="laptop_assembly/battery",
            supplier_id="LJ-BATT",
        )
        document = copy.deepcopy(demo.laptop_battery_document())
        document["id"] = "0c0ffee0-0000-4000-8000-000000000003"
        for key in (
            "pcfExcludingBiogenicUptake",
            "pcfIncludingBiogenicUptake",
            "fossilGhgEmissions",
        ):
            document["pcf"][key] = "5.2"
        requests.answer_with_pact(s, supplier, request.id, document, pact_openapi())
        latest = products.latest_result(s, laptop.id)
        assert latest is not None
        assert latest.inputs["suppliers"]["laptop_assembly/battery"]["co2e_kg_per_unit"] == 5.2
        second = products.publish(s, maker, laptop.id, pact_openapi())
        assert second.document["precedingPfIds"] == [first.id]
        assert second.document["pcf"]["pcfExcludingBiogenicUptake"] == pact.decimal_text(
            round(latest.co2e_kg_per_unit, 6)
        )
    with transaction(demo_sessions) as s:
        statuses = {r.id: r.status for r in s.scalars(select(PactFootprint))}
        assert statuses[first.id] == "Deprecated" and statuses[second.id] == "Active"
