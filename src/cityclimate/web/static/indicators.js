// Small multiples of the indicator pages: actual vs target path (ECharts), from the JSON block
// "indicator-chart-data"; each chart element names its indicator in data-indicator-chart.
// No inline scripts (Content-Security-Policy: script-src 'self').
// Tooltips are drawn on the canvas (renderMode "richText"): HTML tooltips need inline styles,
// which the Content-Security-Policy (style-src 'self') refuses.
(function () {
  "use strict";

  function fmt(unit) {
    return function (v) { return v === null || v === undefined ? "—" : (+v).toFixed(2) + " " + unit; };
  }

  function draw() {
    var source = document.getElementById("indicator-chart-data");
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent || "{}");
    document.querySelectorAll("[data-indicator-chart]").forEach(function (el) {
      var s = data[el.getAttribute("data-indicator-chart")];
      if (!s) { return; }
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: fmt(s.unit === "dimensionless" ? "" : s.unit) },
        grid: { left: 44, right: 12, top: 12, bottom: 24 },
        xAxis: { type: "category", data: s.x, boundaryGap: false },
        yAxis: { type: "value", scale: true },
        series: [
          { name: document.documentElement.lang === "en" ? "target path" : "目标路径",
            type: "line", data: s.path, symbol: "none",
            lineStyle: { type: "dashed", color: "#5b6776" }, itemStyle: { color: "#5b6776" } },
          { name: document.documentElement.lang === "en" ? "actual" : "实际值",
            type: "line", data: s.actual, connectNulls: false, symbolSize: 6,
            lineStyle: { width: 2, color: "#0b6e4f" }, itemStyle: { color: "#0b6e4f" } }
        ]
      });
      el.setAttribute("data-rendered", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
