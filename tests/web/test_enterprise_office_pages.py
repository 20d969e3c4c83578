"""The climate office's enterprise pages in Chromium (issue 20): register an enterprise, bind an
enterprise user, engage a verifier, enter ETS allocation inputs, surrender and offsets and
verification findings, and start a correction, each confirmed by a notice after the save; a bad
value is refused in the page with its located problem and nothing saved."""

from __future__ import annotations

import httpx

from cityclimate.enterprises.codes import uscc_check_character
from tests.web.conftest import PASSWORD, sign_in


def _users(base: str) -> None:
    token = httpx.post(
        f"{base}/api/v1/auth/token", json={"username": "admin", "password": PASSWORD}
    ).json()["access_token"]
    for name, role in (("office-ent-user", "enterprise"), ("office-verifier", "public")):
        made = httpx.post(
            f"{base}/api/v1/users",
            headers={"Authorization": f"Bearer {token}"},
            json={"username": name, "password": PASSWORD, "role": role},
        )
        assert made.status_code == 201, made.text


def _saved(tab, text: str) -> None:  # type: ignore[no-untyped-def]
    notice = tab.get_by_test_id("saved")
    notice.wait_for()
    assert text in notice.inner_text()


def test_office_flow_each_save_confirmed(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    _users(live_server)
    sign_in(page, "admin")
    page.goto("/enterprises")
    page.click("a[href='/enterprises/new']")
    body = "91500000MA0" + "WEBNEW"
    page.fill("#n-id", "WEB-NEW")
    page.fill("#n-uscc", body + uscc_check_character(body))
    page.fill("#n-zh", "网页登记测试企业")
    page.fill("#n-industry", "C")
    page.click("form[data-testid=register] button[type=submit]")
    page.wait_for_url("**/enterprises/WEB-NEW/office?done=registered")
    _saved(page, "企业已登记")
    assert page.get_by_test_id("enterprise-name").inner_text().startswith("网页登记测试企业")

    page.select_option("#o-member", label="office-ent-user")
    page.click("form[action$='/office/members'] button[type=submit]")
    _saved(page, "用户已绑定到该企业")
    page.select_option("#o-verifier", label="office-verifier")
    page.click("form[action$='/office/verifiers'] button[type=submit]")
    _saved(page, "已委托核查机构")
    assert "office-verifier" in page.get_by_test_id("verifiers").inner_text()

    page.goto("/enterprises/LJ-GLASS/office?year=2020")
    page.fill("input[name='prior_output.0']", "210000")
    page.click("form[action*='/office/allocation'] button[type=submit]")
    _saved(page, "配额分配数据已保存")
    assert page.input_value("input[name='prior_output.0']") == "210000.0"
    page.fill("#o-surr", "80000")
    page.fill("#o-off", "1500")
    page.click("form[data-testid=surrender] button[type=submit]")
    _saved(page, "清缴与抵销已保存")
    assert page.input_value("#o-surr") == "80000.0"
    assert page.get_by_test_id("offsets-claim").inner_text() == "未注明抵销来源"
    page.fill("#o-src", "ccer:CCER-LJ-0009-000001~001500")  # claimed in the shared register
    page.click("form[data-testid=surrender] button[type=submit]")
    _saved(page, "清缴与抵销已保存")
    assert (
        "抵销量已在减排量声明登记簿中登记为 RC-"
        in page.get_by_test_id("offsets-claim").inner_text()
    )
    assert page.input_value("#o-to") == "2020-12-31"

    page.fill("#o-major", "-1")  # refused in the page, located, nothing saved
    page.click("form[data-testid=findings] button[type=submit]")
    problems = page.get_by_test_id("problems")
    problems.wait_for()
    assert "major_findings" in problems.inner_text() and "须为非负整数" in problems.inner_text()
    page.fill("#o-major", "2")
    page.click("form[data-testid=findings] button[type=submit]")
    _saved(page, "核查发现已保存")
    assert page.input_value("#o-major") == "2"

    page.goto("/enterprises/LJ-CHP/office?year=2020")
    page.fill("#o-reason", "燃料消耗量更正 fuel use corrected")
    page.click("form[data-testid=correction] button[type=submit]")
    page.wait_for_url("**/enterprises/reports/*?done=correction")
    _saved(page, "已开始更正")
    # the refused findings answer 422 (the page with its problems): the only console line
    assert [e for e in page.console_errors if "422" not in e] == []


def test_admin_binds_a_department_user_with_a_notice(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "admin")
    page.goto("/users")
    form = page.get_by_test_id("department-department")
    options = form.locator("option").all_inner_texts()
    assert options, "the stored plan names departments"
    form.locator("select").select_option(label=options[-1])
    form.locator("button[type=submit]").click()
    _saved(page, "所属部门已保存")
    chosen = page.get_by_test_id("department-department").locator("select")
    assert chosen.evaluate("s => s.options[s.selectedIndex].text") == options[-1]
