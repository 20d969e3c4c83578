"""The plan page in the browser (zh and en): reached from the menu, the stored plan by name
(indicators with targets and their source, the task tree with departments, grade bands), the
export is the API's zip byte for byte, the exported zip imports back, and a broken pack is refused
whole with its mistakes located on the page (422)."""

from __future__ import annotations

import io
import zipfile

from tests.web.conftest import sign_in


def _broken(pack: bytes) -> bytes:
    """The pack with one indicator row cut short (a located mistake: file, row)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(pack)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("/indicators.csv"):
                data += b"99,broken\n"
            target.writestr(info.filename, data)
    return out.getvalue()


def test_plan_page_views_exports_and_imports(page) -> None:  # type: ignore[no-untyped-def]
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "climate_office")
    page.click("nav a[href='/plans']")
    page.wait_for_url("**/plans")
    heading = page.locator("h1").inner_text()
    assert heading.startswith("规划") and "两江" in heading
    indicators = page.get_by_test_id("plan-indicators").inner_text()
    assert "单位地区生产总值能源消耗降低" in indicators or "能耗" in indicators
    tasks = page.get_by_test_id("plan-tasks")
    assert tasks.locator("tbody tr").count() > 10
    assert "牵头单位" in page.get_by_test_id("plan-tasks").locator("thead").inner_text()
    # Export: the same bytes as the API's export.
    with page.expect_download() as download:
        page.get_by_test_id("plan-export").click()
    exported = open(download.value.path(), "rb").read()  # noqa: SIM115
    link = page.get_by_test_id("plan-export").get_attribute("href")
    assert link is not None and link.startswith("/plans/")
    territory = link.split("/")[2]
    api = page.request.get(f"/api/v1/plans/{territory}/pack.zip")
    assert api.status == 200 and api.body() == exported
    assert "indicators.csv" in " ".join(zipfile.ZipFile(io.BytesIO(exported)).namelist())
    # Import it back: stored, a new revision, the success message shown.
    page.set_input_files(
        "#plan-file", {"name": "plan.zip", "mimeType": "application/zip", "buffer": exported}
    )
    page.click("form[action='/plans'] button[type=submit]")
    page.wait_for_url(f"**/plans/{territory}?imported=*")
    assert "规划包已导入" in page.get_by_test_id("plan-imported").inner_text()
    # A broken pack: refused whole (422), the mistake located (file and row) on the page.
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.set_input_files(
            "#plan-file",
            {"name": "broken.zip", "mimeType": "application/zip", "buffer": _broken(exported)},
        )
        page.click("form[action='/plans'] button[type=submit]")
    assert response.value.status == 422
    errors = page.get_by_test_id("plan-errors").inner_text()
    assert "indicators.csv" in errors
    assert "规划包未导入" in page.locator("section.errors h2").inner_text()
    # The same page in English.
    page.goto(f"/plans/{territory}")
    page.click("a.lang[hreflang=en]")
    page.wait_for_url(f"**/plans/{territory}")
    assert page.locator("h1").inner_text().startswith("Plan")
    assert "Lead department" in page.get_by_test_id("plan-tasks").locator("thead").inner_text()
    # the refused upload's 422 is the only failed load the browser reports
    assert [e for e in page.console_errors if "status of 422" not in e] == []
