// cityclimate pages: draw the ECharts charts from the page's JSON data; small form helpers.
// No inline scripts (Content-Security-Policy: script-src 'self').
// Tooltips are drawn on the canvas (renderMode "richText"): HTML tooltips need inline styles,
// which the Content-Security-Policy (style-src 'self') refuses.
(function () {
  "use strict";

  function drawCharts() {
    var source = document.getElementById("chart-data");
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent || "{}");
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var series = data[el.getAttribute("data-chart")];
      if (!series) { return; }
      var kind = el.getAttribute("data-kind");
      var chart = echarts.init(el, null, { renderer: "canvas" });
      var option;
      if (kind === "pie") {
        option = {
          tooltip: { trigger: "item", renderMode: "richText", valueFormatter: function (v) { return v + " " + series.unit; } },
          series: [{ type: "pie", radius: ["35%", "70%"],
                     data: series.x.map(function (name, i) { return { name: name, value: series.y[i] }; }) }]
        };
      } else {
        var horizontal = kind === "bar";
        option = {
          tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: function (v) { return v + " " + series.unit; } },
          grid: { left: horizontal ? 120 : 50, right: 20, top: 20, bottom: 30 },
          xAxis: horizontal ? { type: "value" } : { type: "category", data: series.x },
          yAxis: horizontal ? { type: "category", data: series.x.slice().reverse(),
                                axisLabel: { width: 110, overflow: "truncate" } } : { type: "value" },
          series: [{ type: kind, data: horizontal ? series.y.slice().reverse() : series.y,
                     label: { show: !horizontal } }]
        };
      }
      chart.setOption(option);
      el.setAttribute("data-rendered", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  function recalculateForm() {
    var form = document.getElementById("recalculate");
    if (!form) { return; }
    var select = form.querySelector("select[name=version]");
    var template = form.getAttribute("data-action-template");
    function update() { if (select.value) { form.action = template.replace("{id}", select.value); } }
    select.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(); recalculateForm(); });
})();
