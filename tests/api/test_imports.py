"""POST /api/v1/imports with every kind of file a district sends, and the files it must refuse.

The filled official template, the legacy .xls template, a flat .xls, a GBK CSV as Excel on
Chinese Windows saves it; then headers only, odd names, random bytes called .xlsx, a zip bomb.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from cityclimate.demo import liangjiang
from cityclimate.io.activity_template import DATA_GROUPS, template_bytes

DATA = Path(__file__).parents[1] / "io" / "data"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def demo_2020() -> pl.DataFrame:
    return liangjiang.activities().filter(
        (pl.col("year") == 2020)
        & (
            (pl.col("category") == "energy.manufacturing.combustion")
            | pl.col("category").str.starts_with("energy.electricity.")
        )
    )


def upload(client: TestClient, headers: dict[str, str], name: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/imports",
        data={"territory_code": "LJ-2016"},
        files={"file": (name, data)},
        headers=headers,
    )


def staged_rows(client: TestClient, headers: dict[str, str], import_id: int) -> list[dict]:  # type: ignore[type-arg]
    page = client.get(f"/api/v1/imports/{import_id}/records?limit=1000", headers=headers)
    assert page.status_code == 200, page.text
    return page.json()["items"]  # type: ignore[no-any-return]


def test_the_filled_official_template_imports(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    expected = demo_2020()
    response = upload(client, office, "清单模板.xlsx", template_bytes(expected))
    assert response.status_code == 201, response.text
    assert response.json()["row_count"] == expected.height
    rows = staged_rows(client, office, response.json()["id"])
    assert sorted(r["record_id"] for r in rows) == sorted(expected["record_id"])
    assert min(r["row"] for r in rows) == 3  # the template's first data row


@pytest.mark.parametrize("name", ["activities-template.xls", "activities-flat.xls"])
def test_legacy_xls_files_import(client: TestClient, auth, name: str) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    response = upload(client, office, name, (DATA / name).read_bytes())
    assert response.status_code == 201, response.text
    rows = staged_rows(client, office, response.json()["id"])
    assert sorted(r["record_id"] for r in rows) == sorted(demo_2020()["record_id"])


def test_a_gbk_csv_with_chinese_headers_imports(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    lines = ["记录编号,地区,年份,排放类别,燃料/物料,活动水平,单位,数据来源"]
    lines += [
        f"{r['record_id']},LJ-2016,2020,{r['category']},{r['fuel']},{r['quantity']},"
        f"{r['unit'].replace('10⁴Nm³', '万Nm3')},统计年鉴"
        for r in demo_2020().iter_rows(named=True)
    ]
    data = ("\r\n".join(lines) + "\r\n").encode("gbk")
    response = upload(client, office, "活动数据.csv", data)
    assert response.status_code == 201, response.text
    rows = staged_rows(client, office, response.json()["id"])
    assert {r["data_source"] for r in rows} == {"统计年鉴"}
    assert sorted(r["row"] for r in rows) == list(range(2, len(lines) + 1))


@pytest.mark.parametrize(
    ("name", "stored"),
    [("..", "upload"), ("数" * 200 + ".csv", "数" * 116 + ".csv"), ("a" * 300, "a" * 120)],
)
def test_odd_file_names_are_stored_sanitised(
    client: TestClient, auth, name: str, stored: str
) -> None:  # type: ignore[no-untyped-def]
    body = "territory,year,category,fuel,quantity,unit\nLJ-2016,2020,energy.manufacturing.combustion,natural_gas,1,万Nm3\n"
    response = upload(client, auth("climate_office"), name, body.encode())
    assert response.status_code == 201, response.text
    assert response.json()["filename"] == stored


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("headers.csv", b"territory,year,category,fuel,quantity,unit\n", "no data rows"),
        ("random.xlsx", bytes(range(256)) * 8, "not an Excel workbook"),
    ],
)
def test_bad_files_are_422_problems(
    client: TestClient, auth, name: str, data: bytes, expected: str
) -> None:  # type: ignore[no-untyped-def]
    response = upload(client, auth("climate_office"), name, data)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert expected in response.text


def test_the_template_downloads_and_comes_back(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    response = client.get("/api/v1/imports/template", headers=office)
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert "attachment" in response.headers["content-disposition"]
    # Unfilled, it is refused as having no data rows: the whole round trip uses one reader.
    back = upload(client, office, "template.xlsx", response.content)
    assert back.status_code == 422 and "no data rows" in back.text
    assert client.get("/api/v1/imports/template").status_code == 401


def test_a_zip_bomb_is_a_413_problem(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    from tests.io.packages import package

    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    bomb = package(
        template_bytes(), {"xl/sharedStrings.xml": (head, b"a" * 2**20, 512, b"</t></si></sst>")}
    )
    response = upload(client, auth("climate_office"), "bomb.xlsx", bomb)
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "inflates" in response.json()["errors"][0]["message_en"]


def test_the_csv_report_keeps_formula_like_user_text_as_text(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    ids = ["=HYPERLINK(1)", "+cmd", "-2+3", "@SUM(A1)"]
    body = "record_id,territory,year,category,fuel,quantity,unit\n" + "".join(
        f"{rid},LJ-2016,2020,energy.manufacturing.combustion,natural_gas,{i + 1},万Nm3\n"
        for i, rid in enumerate(ids)
    )
    staged = upload(client, office, "formulas.csv", body.encode())
    assert staged.status_code == 201, staged.text
    import_id = staged.json()["id"]
    assert client.post(f"/api/v1/imports/{import_id}/confirm", headers=office).status_code == 200
    draft = client.post(
        "/api/v1/inventories",
        json={"territory_code": "LJ-2016", "year": 2020, "import_id": import_id},
        headers=office,
    )
    assert draft.status_code == 201, draft.text
    report = client.get(
        f"/api/v1/inventories/{draft.json()['id']}/report?format=csv", headers=office
    )
    rows = list(csv.DictReader(io.StringIO(report.text)))
    assert {r["record_id"] for r in rows} == {"'" + rid for rid in ids}
    assert all(float(r["co2e_t"]) > 0 for r in rows)  # numbers stay numbers


def _staged_and_confirmed(
    client: TestClient, office: dict[str, str], name: str, data: bytes
) -> int:
    staged = upload(client, office, name, data)
    assert staged.status_code == 201, staged.text
    import_id: int = staged.json()["id"]
    assert client.post(f"/api/v1/imports/{import_id}/confirm", headers=office).status_code == 200
    return import_id


def test_a_missing_factor_in_a_stored_template_names_its_sheet_row_and_column(
    client: TestClient, auth
) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, at compute: the filled official template (two sheets, rows from 3 on each)
    imported, confirmed and computed for 2019 with a factor set that refuses the nearest
    year: purchased electricity has no grid factor for 2019 (the tables cover 2021-2023).
    Each problem names the template's sheet, that sheet's row and the column's headers; the
    oracle is the workbook itself, read with openpyxl (the cell of that row and column holds
    the record's fuel, the header cells say 燃料/物料 and fuel)."""
    office = auth("climate_office")
    frame = demo_2020().with_columns(year=pl.lit(2019, pl.Int32))
    data = template_bytes(frame)
    import_id = _staged_and_confirmed(client, office, "清单模板.xlsx", data)
    strict = client.post(
        "/api/v1/factor-sets",
        json={"name": "no nearest year", "method": {"nearest_year": False}},
        headers=office,
    )
    assert strict.status_code == 201, strict.text
    answer = client.post(
        "/api/v1/inventories",
        json={
            "territory_code": "LJ-2016",
            "year": 2019,
            "import_id": import_id,
            "factor_set_id": strict.json()["id"],
        },
        headers=office,
    )
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    errors = answer.json()["errors"]
    book = load_workbook(io.BytesIO(data), read_only=True)

    def cells(sheet: str, row: int) -> tuple[object, ...]:
        return next(book[sheet].iter_rows(min_row=row, max_row=row, values_only=True))

    electricity = {
        (group.sheet, row)
        for group in DATA_GROUPS
        for row in range(3, book[group.sheet].max_row + 1)
        if cells(group.sheet, row)[5] == "electricity"
    }
    assert len(electricity) >= 2 and all(e["field"] == "fuel" for e in errors)
    named = set()
    for e in errors:
        sheet = e["where"].removeprefix("清单模板.xlsx [").removesuffix("]")
        assert e["where"] == f"清单模板.xlsx [{sheet}]", e
        record = re.search(r"\(record (.+?)\)", e["message_en"])
        assert record is not None, e
        found = cells(sheet, e["row"])
        assert (found[0], found[5]) == (record[1], e["value"])  # A: record id, F: fuel
        headers = f"F {cells(sheet, 1)[5]} / {cells(sheet, 2)[5]}"
        assert e["column"] == headers == "F 燃料/物料 / fuel"
        named.add((sheet, e["row"]))
    assert named == electricity  # every electricity record, by its own sheet and row


def test_a_flat_csv_names_its_own_headers_at_import_and_at_compute(
    client: TestClient, auth
) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: a CSV headed in Chinese (燃料/物料, 单位) is named by those headers, as the
    user wrote them: a bad unit at import, and at compute a fuel without a factor for its
    category (fuel oil on the road has no CH4 factor), with the CSV's own line number."""
    office = auth("climate_office")
    header = "地区,年份,排放类别,燃料/物料,活动水平,单位"
    good = "LJ-2016,2020,energy.manufacturing.combustion,天然气,10,万Nm3"
    refused = upload(
        client,
        office,
        "单位.csv",
        f"{header}\n{good}\nLJ-2016,2020,energy.manufacturing.combustion,天然气,5,furlong\n".encode(),
    )
    assert refused.status_code == 422, refused.text
    (bad,) = refused.json()["errors"]
    assert (bad["where"], bad["row"], bad["field"], bad["column"]) == (
        "单位.csv",
        3,
        "unit",
        "单位",
    )
    road = "LJ-2016,2020,energy.transport.road,燃料油,7,t"
    import_id = _staged_and_confirmed(
        client, office, "活动数据.csv", f"{header}\n{good}\n\n{road}\n".encode()
    )
    answer = client.post(
        "/api/v1/inventories",
        json={"territory_code": "LJ-2016", "year": 2020, "import_id": import_id},
        headers=office,
    )
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert errors and {(e["where"], e["row"], e["field"], e["column"]) for e in errors} == {
        ("活动数据.csv", 4, "fuel", "燃料/物料")  # line 4: the header, one record, a blank line
    }


def test_an_upload_is_checked_once(client: TestClient, auth, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Issue 20: the face's reader and the service both validated every row (a 100,000-row
    # workbook twice); the service's check is the one check, with every rule.
    from cityclimate.inventory import compute_checks

    calls: list[int] = []
    original = compute_checks.validate_activities

    def counted(frame: pl.DataFrame, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(frame.height)
        return original(frame, **kwargs)

    monkeypatch.setattr(compute_checks, "validate_activities", counted)
    rows = demo_2020().filter(pl.col("territory") == "LJ-2016")
    response = upload(client, auth("climate_office"), "flat.csv", rows.write_csv().encode())
    assert response.status_code == 201, response.text
    assert calls == [rows.height]
