"""The lever editor says when a value is out of range (issue 20): beside the input as soon as it
is typed (the input's own min/max, in Chromium), and in the server's preview, naming the lever
and its column as the page does and the allowed range, instead of computing nothing silently."""

from __future__ import annotations

from tests.web.conftest import sign_in


def test_out_of_range_strength_is_named_beside_the_input_and_in_the_preview(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.goto("/pathways/edit?base=plan")
    strength = page.locator("#s-nev_cars")
    hint = page.get_by_test_id("range-s-nev_cars")
    maximum = strength.get_attribute("max")
    assert maximum is not None and hint.is_hidden()
    strength.fill("100")
    hint.wait_for(state="visible")
    assert f"0 – {maximum}" in hint.inner_text()
    assert "超出范围" in hint.inner_text()
    assert strength.get_attribute("aria-invalid") == "true"
    errors = page.get_by_test_id("preview-errors")
    errors.wait_for()
    said = errors.inner_text()
    # the lever by its name and column (not only the file's key), the value and the range
    assert "新能源" in said and "力度" in said and "100" in said
    assert f"须在 0 至 {maximum[:4]}" in said  # the page rounds the maximum to 3 decimals
    strength.fill("1")
    hint.wait_for(state="hidden")
    assert strength.get_attribute("aria-invalid") == "false"
    page.get_by_test_id("preview-peak-year").wait_for()
    assert page.console_errors == []
