"""The project-library workbook: real .xlsx round trip, and every bad cell located."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from cityclimate.demo.finance import projects as demo_projects
from cityclimate.errors import DataValidationError
from cityclimate.io.finance_files import (
    CSV_COLUMNS,
    SHEETS,
    library_xlsx,
    projects_csv,
    projects_json,
    read_library_xlsx,
)


def test_export_then_import_gives_the_same_library() -> None:
    projects = demo_projects()
    data = library_xlsx(projects, notice="示例数据 ILLUSTRATIVE")
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["说明 Notes", *SHEETS.values()]
    header = next(book[SHEETS["projects"]].iter_rows(max_row=1, values_only=True))
    assert header[0] == "项目编号"
    assert read_library_xlsx("library.xlsx", data) == projects


def _edited(cells: dict[tuple[str, str], object]) -> bytes:
    book = load_workbook(io.BytesIO(library_xlsx(demo_projects())))
    for (sheet, ref), value in cells.items():
        book[SHEETS[sheet]][ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_bad_cells_are_named_by_sheet_row_and_column_and_nothing_is_taken() -> None:
    # Row 5 of Projects is the third project; column N is the investment, R the stage.
    data = _edited(
        {
            ("projects", "N5"): "很多",
            ("projects", "R6"): "dreaming",
            ("inputs", "A3"): "NO-SUCH-PROJECT",
            ("inputs", "C4"): -3,
        }
    )
    with pytest.raises(DataValidationError) as caught:
        read_library_xlsx("lib.xlsx", data)
    found = {(p.where, p.row, p.field) for p in caught.value.problems}
    assert ("lib.xlsx [项目 Projects]", 5, "总投资（万元） (investment_wan_yuan)") in found
    assert ("lib.xlsx [项目 Projects]", 6, "阶段 (stage)") in found
    assert ("lib.xlsx [计算输入 Inputs]", 3, "项目编号 (project_id)") in found
    assert ("lib.xlsx [计算输入 Inputs]", 4, "数值 (value)") in found
    assert all(p.message.zh and p.message.en for p in caught.value.problems)


def test_not_a_workbook_and_a_changed_header_are_refused() -> None:
    with pytest.raises(DataValidationError) as caught:
        read_library_xlsx("lib.xlsx", b"project_id,name\n1,x\n")
    assert ".xlsx" in caught.value.problems[0].message.en
    with pytest.raises(DataValidationError) as caught:
        read_library_xlsx("lib.xlsx", _edited({("projects", "B1"): "别的"}))
    assert caught.value.problems[0].row == 1 and "别的" in caught.value.problems[0].value


def test_partner_exports() -> None:
    view = {
        "project_id": "P1",
        "name_zh": "光伏",
        "catalogue_codes": {"green_bond": ["3", "5"]},
        "instruments": ["green_loan"],
        "estimate": {"reduction_co2e_t": 522.7, "basis": "ex_ante", "year": 2022},
    }
    text = projects_csv([view]).decode("utf-8")
    assert text.startswith("\ufeff" + ",".join(CSV_COLUMNS))
    assert "P1,光伏" in text and "3;5" in text and "522.7" in text
    document = json.loads(projects_json([view], notice="示例"))
    assert document["schema"] == "cityclimate.finance.projects/1" and document["projects"] == [view]
