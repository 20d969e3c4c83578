"""Editing the plan and closing a rectification item in the browser (zh): the office edits a
task's supporting departments and deadline and sees them on the plan page, adds a department,
sees a refused department in the page, closes a rectification item with an evidence file
(a refused file first, shown in the page), sees the closure with its file and downloads the
same bytes back.

The browser tests share one live database: this test edits task 4.1.2.1 (not weighted, its
deadline after no evaluated year's end either way) and closes 4.3.3.6, so the other pages'
figures do not change.
"""

from __future__ import annotations

from tests import evidence_samples as samples
from tests.web.conftest import sign_in


def test_edit_an_assignment_and_a_deadline_and_close_an_item_with_evidence(page) -> None:  # type: ignore[no-untyped-def]
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "climate_office")
    page.goto("/plans/LJ-2016")
    row = page.locator("tr[data-task='4.1.2.1']")
    assert "交通管理部门" not in row.inner_text()
    row.get_by_role("link", name="编辑").click()
    page.wait_for_url("**/plans/LJ-2016/tasks/4.1.2.1")
    assert page.locator("h1").inner_text().startswith("编辑任务")
    form = page.get_by_test_id("task-form")
    form.get_by_label("交通管理部门").check()
    form.locator("#t-deadline").fill("2025-09-30")
    form.get_by_role("button", name="保存").click()
    page.wait_for_url("**/plans/LJ-2016?done=assigned*")
    assert "任务分工与期限已保存" in page.get_by_test_id("saved").inner_text()
    row = page.locator("tr[data-task='4.1.2.1']")
    assert "交通管理部门" in row.inner_text() and "2025-09-30" in row.inner_text()
    # Add a department; adding it again is refused in the page, nothing saved.
    departments = page.get_by_test_id("department-form")
    departments.locator("#d-zh").fill("两江新区数据局")
    departments.locator("#d-en").fill("Data bureau")
    departments.get_by_role("button", name="添加部门").click()
    page.wait_for_url("**/plans/LJ-2016?done=plan_department*")
    assert "两江新区数据局" in page.get_by_test_id("plan-departments").inner_text()
    with page.expect_response(lambda r: r.request.method == "POST") as refused:
        departments = page.get_by_test_id("department-form")
        departments.locator("#d-zh").fill("两江新区数据局")
        departments.locator("#d-en").fill("Data bureau")
        departments.get_by_role("button", name="添加部门").click()
    assert refused.value.status == 422
    problems = page.get_by_test_id("problems").inner_text()
    assert "departments.csv" in problems and "部门已在名单中" in problems
    # Weights: the department's stored weights in the form; a bad number refused in the page;
    # saved as they are (the other pages' grades stay the same).
    page.get_by_test_id("weights-edit").click()
    page.locator("#w-pick").select_option("机关事务管理部门")
    page.get_by_role("button", name="查看").click()
    weights = page.get_by_test_id("weights-form")
    task = weights.locator("input[name='t:4.3.2.6']")
    assert task.input_value() == "40"
    task.fill("四十")
    with page.expect_response(lambda r: r.request.method == "POST") as refused:
        weights.get_by_role("button", name="保存权重").click()
    assert refused.value.status == 422
    assert "四十" in page.get_by_test_id("problems").inner_text()
    page.get_by_test_id("weights-form").locator("input[name='t:4.3.2.6']").fill("40")
    page.get_by_test_id("weights-form").get_by_role("button", name="保存权重").click()
    page.wait_for_url("**/plans/LJ-2016?department=*&done=weights*")
    assert "考核权重已保存" in page.get_by_test_id("saved").inner_text()
    # Rectification: an item closed with evidence; a program posing as a PDF is refused first.
    page.goto("/plans/LJ-2016")
    page.get_by_test_id("plan-rectification").click()
    page.wait_for_url("**/plans/LJ-2016/rectification")
    item = page.locator("[data-testid=rect-item][data-subject='4.3.3.6']")
    assert "待整改" in item.get_by_test_id("rect-open").inner_text()
    close = item.get_by_test_id("close-form")
    close.locator("textarea").fill("已调整线网并完成验收")
    close.locator("input[type=file]").set_input_files(
        {"name": "验收报告.pdf", "mimeType": "application/pdf", "buffer": samples.windows_program()}
    )
    with page.expect_response(lambda r: r.request.method == "POST") as refused:
        close.get_by_role("button", name="附佐证材料关闭").click()
    assert refused.value.status == 422
    assert "验收报告.pdf" in page.get_by_test_id("problems").inner_text()
    item = page.locator("[data-testid=rect-item][data-subject='4.3.3.6']")
    close = item.get_by_test_id("close-form")
    assert close.locator("textarea").input_value() == "已调整线网并完成验收"  # kept
    png = samples.png()
    close.locator("input[type=file]").set_input_files(
        {"name": "现场照片.png", "mimeType": "image/png", "buffer": png}
    )
    close.get_by_role("button", name="附佐证材料关闭").click()
    page.wait_for_url("**/rectification?year=*&done=closed")
    assert "整改事项已关闭" in page.get_by_test_id("saved").inner_text()
    item = page.locator("[data-testid=rect-item][data-subject='4.3.3.6']")
    assert "已关闭" in item.get_by_test_id("rect-closed").inner_text()
    assert "已调整线网并完成验收" in item.inner_text()
    files = item.get_by_test_id("rect-files")
    assert "现场照片.png" in files.inner_text() and "PNG" in files.inner_text()
    with page.expect_download() as download:
        files.get_by_role("link", name="现场照片.png").click()
    assert open(download.value.path(), "rb").read() == png  # noqa: SIM115
    # The refused posts' 422s are the only failed loads the browser reports.
    assert [e for e in page.console_errors if "status of 422" not in e] == []
