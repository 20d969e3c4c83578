"""Chart tooltips obey the Content-Security-Policy (style-src 'self', no inline styles): hovering
a chart of each page shows its tooltip and logs no CSP violation (issue 20)."""

from __future__ import annotations

from tests.web.conftest import sign_in

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
        page.goto(path)
        chart = page.locator(selector).first
        chart.locator("canvas").first.wait_for()
        before = chart.evaluate(TOOLTIP_TEXT)
        chart.scroll_into_view_if_needed()  # the mouse hovers only what is in the viewport
        box = chart.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] * at[0], box["y"] + box["height"] * at[1]
        page.mouse.move(x - 5, y)
        page.mouse.move(x, y, steps=5)
        page.wait_for_function(
            f"(before) => ({TOOLTIP_TEXT})(document.querySelector('{selector}')) !== before",
            arg=before,
        )  # the tooltip is drawn
        assert violations == [], path
    assert page.console_errors == []
