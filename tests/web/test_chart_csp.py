"""Chart tooltips obey the Content-Security-Policy (style-src 'self', no inline styles): hovering
a chart of each page shows its tooltip and logs no CSP violation (issue 20)."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.web.conftest import sign_in

HOVERS = 5

#: Each page with charts, the chart to hover on it and where (fractions of its width, height).
CHARTS = [
    ("/", "[data-chart=trend]", (0.5, 0.5)),
    ("/", "[data-chart=gas]", (0.5, 0.25)),  # on the ring of the doughnut
    ("/indicators", "[data-indicator-chart]", (0.5, 0.5)),
    ("/pathways", "[data-pw-chart]", (0.5, 0.5)),
]

#: The text of a chart's tooltip: drawn on the canvas (rich text) or as HTML in the chart element.
TOOLTIP_TEXT = """(el) => {
  const chart = echarts.getInstanceByDom(el);
  const drawn = chart.getZr().storage.getDisplayList(true)
    .map((e) => (e.style && e.style.text) || '').filter((t) => t.includes(' '));
  return drawn.join('|') + el.innerText;
}"""


def test_hovering_a_chart_shows_its_tooltip_without_a_csp_violation(page) -> None:  # type: ignore[no-untyped-def]
    violations: list[str] = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and violations.append(m.text),
    )
    sign_in(page, "climate_office")
    for path, selector, at in CHARTS:
        page.mouse.move(0, 0)  # off every chart: the last hover's place may be on this one
        page.goto(path)
        chart = page.locator(selector).first
        chart.locator("canvas").first.wait_for()
        before = chart.evaluate(TOOLTIP_TEXT)
        drawn = f"(before) => ({TOOLTIP_TEXT})(document.querySelector('{selector}')) !== before"
        for _ in range(HOVERS):
            # The page may still be moving (charts above drawn late, on a loaded machine): bring
            # the chart into view and measure it again before each hover; a hover that showed
            # nothing (during the chart's opening animation) is tried again.
            chart.scroll_into_view_if_needed()  # the mouse hovers only what is in the viewport
            box = chart.bounding_box()
            assert box is not None
            x, y = box["x"] + box["width"] * at[0], box["y"] + box["height"] * at[1]
            page.mouse.move(x - 5, y)
            page.mouse.move(x, y, steps=5)
            try:
                page.wait_for_function(drawn, arg=before, timeout=3_000)
                break
            except PlaywrightTimeoutError:
                continue
        else:
            pytest.fail(f"no tooltip on {selector} of {path} after {HOVERS} hovers")
        assert violations == [], path
    assert page.console_errors == []
