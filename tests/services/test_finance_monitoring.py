"""Ex post from meter data: a monitoring file (CSV or a real XLSX) replaces the ex-ante estimate,
all or nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.errors import DataValidationError
from cityclimate.io.finance_files import read_monitoring_table
from cityclimate.services.actors import SYSTEM
from cityclimate.services.finance import library, monitoring
from cityclimate.storage import transaction

CQ_2022 = 0.5227  # Chongqing provincial grid factor 2022 (MEE & NBS), the nearest year


def _xlsx(rows: list[tuple[object, ...]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(("项目编号", "监测年份", "计量项", "数值", "单位"))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(session: Session, name: str, data: bytes) -> list[dict[str, object]]:
    frame, rows = read_monitoring_table(name, data)
    return monitoring.import_monitored(session, SYSTEM, frame, rows, where=name)


def test_meter_data_in_kwh_and_m3_replace_the_estimates(
    demo_sessions: sessionmaker[Session],
) -> None:
    data = _xlsx(
        [
            ("LJ-CF-002", 2023, "generation_mwh", 10_000_000, "kWh"),
            ("LJ-CF-005", 2023, "power_mwh", 40_000, "MWh"),
            ("LJ-CF-005", 2023, "boiler_gas_10k_nm3", 4_000_000, "m³"),
            ("LJ-CF-005", 2023, "unit_gas_10k_nm3", 1000, "10⁴Nm³"),
        ]
    )
    with transaction(demo_sessions, write=True) as s:
        found = {r["project_id"]: r for r in _import(s, "meters.xlsx", data)}
    pv = found["LJ-CF-002"]
    assert pv["inputs"] == {"generation_mwh": pytest.approx(10_000)}
    assert pv["ex_ante_co2e_t"] == pytest.approx(11_400 * CQ_2022)
    assert pv["ex_post_co2e_t"] == pytest.approx(10_000 * CQ_2022)
    assert pv["difference_co2e_t"] == pytest.approx(-1_400 * CQ_2022)
    assert found["LJ-CF-005"]["inputs"]["boiler_gas_10k_nm3"] == pytest.approx(400)
    with transaction(demo_sessions, write=False) as s:
        assert library.monitored_of(s, "LJ-CF-002") == {
            "year": 2023,
            "inputs": {"generation_mwh": pytest.approx(10_000)},
        }
        project = library.get_project(s, SYSTEM, "LJ-CF-002")
        assert library.estimates(s, [project])["LJ-CF-002"].basis == "ex_post"


def test_a_bad_file_is_refused_whole_with_located_errors(
    demo_sessions: sessionmaker[Session],
) -> None:
    data = (
        b"project id,year,input,value,unit\n"
        b"LJ-CF-002,2023,generation_mwh,9000,MWh\n"
        b"LJ-CF-999,2023,generation_mwh,1,MWh\n"
        b"LJ-CF-003,2023,generation_mwh,5,t\n"
        b"LJ-CF-002,2023,generation_mwh,9100,MWh\n"
        b"LJ-CF-004,2023,wind_mwh,1,MWh\n"
    )
    with transaction(demo_sessions, write=True) as s, pytest.raises(DataValidationError) as caught:
        _import(s, "meters.csv", data)
    located = [(p.where, p.row, p.field) for p in caught.value.problems]
    assert located == [
        ("meters.csv", 3, "项目编号 (project_id)"),
        ("meters.csv", 4, "单位 (unit)"),
        ("meters.csv", 5, "计量项 (input)"),
        ("meters.csv", 6, "计量项 (input)"),
    ]
    assert caught.value.problems[3].value == "wind_mwh"  # the cell as typed, not a number
    messages = [p.message for p in caught.value.problems]
    assert "LJ-CF-999" in messages[0].zh and "no project" in messages[0].en
    assert "MWh" in messages[1].zh and "cannot be converted" in messages[1].en
    assert "第 2 行" in messages[2].zh and "row 2" in messages[2].en
    # The type and its inputs by name (the type's code alone told a person nothing).
    assert "分布式光伏" in messages[3].zh and "年发电量（generation_mwh）" in messages[3].zh
    assert "Distributed PV" in messages[3].en and "distributed_pv" not in messages[3].en
    with transaction(demo_sessions, write=False) as s:
        assert library.monitored_of(s, "LJ-CF-002") is None  # nothing taken


def test_two_years_of_one_project_in_one_file_are_refused(
    demo_sessions: sessionmaker[Session],
) -> None:
    data = _xlsx(
        [
            ("LJ-CF-002", 2023, "generation_mwh", 9000, "MWh"),
            ("LJ-CF-002", 2024, "generation_mwh", 9500, "MWh"),
        ]
    )
    with transaction(demo_sessions, write=True) as s, pytest.raises(DataValidationError) as caught:
        _import(s, "meters.xlsx", data)
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "监测年份 (year)")]


def test_a_file_without_the_unit_column_is_refused() -> None:
    with pytest.raises(DataValidationError) as caught:
        read_monitoring_table("m.csv", b"project_id,year,input,value\nLJ-CF-002,2023,x,1\n")
    assert "单位" in caught.value.problems[0].message.zh
