// Adaptation pages: the offline map (ECharts with GeoJSON from the JSON block
// "adaptation-map-data") and the risk bar chart ("adaptation-risk-data").
// No inline scripts (Content-Security-Policy: script-src 'self'); tooltips drawn on the canvas.
(function () {
  "use strict";
  var en = function () { return document.documentElement.lang === "en"; };

  function drawMaps() {
    var source = document.getElementById("adaptation-map-data");
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent || "{}");
    document.querySelectorAll("[data-adaptation-map]").forEach(function (el) {
      var key = el.getAttribute("data-adaptation-map");
      var geo = data[key];
      if (!geo) { return; }
      echarts.registerMap("adaptation-" + key, geo);
      var values = geo.features.map(function (f) {
        var p = f.properties;
        var value = key === "zones" ? (p.meets === null ? null : (p.meets ? 1 : 0)) : p.risk;
        return { name: p.id, value: value, label: p.name, warnings: p.warnings || "", census: p.census || 0 };
      });
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        tooltip: {
          trigger: "item", renderMode: "richText",
          formatter: function (item) {
            var d = item.data || {};
            var v = d.value === null || d.value === undefined ? "—" :
              (key === "zones" ? (d.value ? (en() ? "meets" : "达标") : (en() ? "does not meet" : "未达标")) : (+d.value).toFixed(3));
            return (d.label || item.name) + ": " + v + (d.warnings ? "\n" + d.warnings : "") +
              (d.census ? "\n" + (en() ? "census hazard sites: " : "普查隐患点：") + d.census : "");
          }
        },
        visualMap: key === "zones"
          ? { type: "piecewise", pieces: [{ value: 1, label: en() ? "meets" : "达标", color: "#2e7d32" }, { value: 0, label: en() ? "does not meet" : "未达标", color: "#c62828" }], left: 0, bottom: 0 }
          : { min: 0, max: 0.5, inRange: { color: ["#fff3e0", "#e65100"] }, text: [en() ? "high risk" : "高风险", en() ? "low" : "低"], calculable: false, left: 0, bottom: 0 },
        series: [{
          type: "map", map: "adaptation-" + key, roam: false, data: values,
          label: { show: true, formatter: function (p) { return (p.data && p.data.label) || p.name; }, fontSize: 10 },
          emphasis: { label: { show: true } }
        }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  function drawRisk() {
    var source = document.getElementById("adaptation-risk-data");
    var el = document.querySelector("[data-adaptation-risk]");
    if (!source || !el || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent || "{}");
    var names = {};
    document.querySelectorAll("[data-testid=risk-table] tr[data-sub-area]").forEach(function (row) {
      names[row.getAttribute("data-sub-area")] = row.children[1].textContent;
    });
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", renderMode: "richText" },
      grid: { left: 120, right: 16, top: 8, bottom: 24 },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: data.areas.map(function (a) { return names[a] || a; }) },
      series: [{ type: "bar", data: data.risk, itemStyle: { color: "#e65100" } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () { drawMaps(); drawRisk(); });
})();
