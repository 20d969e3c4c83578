"""The public reporting API (issue 19): the inventory report PDF of a published year holds the
stored results, for a person not signed in; a year with nothing published is a 404."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.reporting.pdf_text import pdf_text


def _stored(client: TestClient, auth, year: int) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
    listed = client.get(
        "/api/v1/inventories",
        params={"territory": "LJ-2016", "year": year, "status": "published"},
        headers=auth("admin"),
    ).json()["items"]
    assert len(listed) == 1, listed
    version_id = listed[0]["id"]
    detail = client.get(f"/api/v1/inventories/{version_id}", headers=auth("admin")).json()
    quality = client.get(f"/api/v1/inventories/{version_id}/quality", headers=auth("admin")).json()
    return detail, quality


def test_the_inventory_report_pdf_prints_the_stored_results(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/v1/reports/inventory/LJ-2016/2020.pdf")  # not signed in
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    pages = pdf_text(answer.content)
    text = " ".join(pages)
    detail, quality = _stored(client, auth, 2020)
    summary = detail["report"]["summary"]

    def wan(t: float) -> str:  # the stored tonnes as the report prints them (万t, 2 decimals)
        return f"{t / 1e4:,.2f}"

    # The cover: title, issuing body, the demo banner; page numbers on the pages after it.
    assert "2020 年温室气体清单报告" in pages[0]
    assert "应对气候变化主管部门" in pages[0] and "示例数据" in pages[0]
    assert f"2 / {len(pages)}" in pages[1] and f"{len(pages)} / {len(pages)}" in pages[-1]
    assert all("示例数据" in page for page in pages)
    # A table longer than a page repeats its header on the next (the emission factors).
    header = "燃料/物料 气体 因子 单位 级别 来源"
    assert sum(page.count(header) for page in pages) >= 2
    # The guideline's sections, in order.
    headings = [
        "编制方法",
        "活动水平数据",
        "排放因子",
        "清单结果",
        "不确定性分析",
        "关键类别分析",
        "质量保证与质量控制",
        "重新计算",
    ]
    where = [text.index(f"{i} {h}") for i, h in enumerate(headings, 1)]
    assert where == sorted(where)
    # Headline figures and every sector as stored.
    assert wan(summary["gross_co2e_t"]) == "724.42"  # the plan's published 2020 total (R2)
    for key in ("gross_co2e_t", "removals_co2e_t", "net_co2e_t", "scope1_co2e_t", "scope2_co2e_t"):
        assert wan(summary[key]) in text, key
    for row in detail["report"]["breakdowns"]["sector"]:
        assert f"{row['name_zh']} {wan(row['co2e_t'])}" in text, row
    # Uncertainty interval and each key category as the quality result gives them.
    total = quality["uncertainty"]["total"]
    assert f"{wan(total['p2_5_t'])}–{wan(total['p97_5_t'])}" in text
    keys = [r for r in quality["key_categories"] if r["is_key"]]
    assert keys
    for r in keys:
        assert wan(r["co2e_t"]) in text, r["category"]
    # The published version's document is kept: the English PDF is made without a new run.
    from cityclimate.services.reporting.documents import DOCUMENTS

    hits = DOCUMENTS.hits
    english = client.get("/api/v1/reports/inventory/LJ-2016/2020.pdf?lang=en")
    assert "Greenhouse gas inventory report 2020" in pdf_text(english.content)[0]
    assert DOCUMENTS.hits == hits + 1
    # The China guideline table's energy line.
    energy = next(r for r in quality["frameworks"]["cn"] if r["code"] == "1")
    assert f"1 能源活动 {wan(energy['co2_co2e_t'])}" in text


def test_english_and_refusals(client: TestClient) -> None:
    nothing = client.get("/api/v1/reports/inventory/LJ-2016/2031.pdf")
    assert nothing.status_code == 404
    assert nothing.headers["content-type"] == "application/problem+json"
    assert "2031" in nothing.json()["detail_en"]
    unknown = client.get("/api/v1/reports/inventory/XX-NONE/2020.pdf")
    assert unknown.status_code == 404
    assert client.get("/api/v1/reports/inventory/LJ-2016/2020.pdf?lang=fr").status_code == 422
