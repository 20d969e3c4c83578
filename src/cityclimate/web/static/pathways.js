// Charts of the carbon-peak pathway pages (ECharts), drawn from JSON blocks (class "pw-data")
// on page load and again in every fragment HTMX swaps in (the lever editor's preview).
// No inline scripts (Content-Security-Policy: script-src 'self').
// Tooltips are drawn on the canvas (renderMode "richText"): HTML tooltips need inline styles,
// which the Content-Security-Policy (style-src 'self') refuses.
(function () {
  "use strict";

  function fmt(unit) { return function (v) { return v === null || v === undefined ? "—" : v + " " + unit; }; }

  function peakPoint(peak) {
    return { symbol: "pin", symbolSize: 44, label: { formatter: peak.x },
             data: [{ coord: [peak.x, peak.y], value: peak.y }] };
  }

  function option(c) {
    var base = { tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: fmt(c.unit) },
                 legend: { type: "scroll", top: 0 },
                 grid: { left: 56, right: 20, top: 44, bottom: 28 },
                 xAxis: { type: "category", data: c.x, boundaryGap: false },
                 yAxis: { type: "value", scale: c.kind === "lines" || c.kind === "fan" } };
    if (c.kind === "stack") {
      base.series = c.series.map(function (s) {
        return { name: s.name, type: "line", stack: "total", areaStyle: {}, symbol: "none",
                 emphasis: { focus: "series" }, data: s.data };
      });
      var total = c.series.length ? c.series[c.series.length - 1] : null;
      if (total) { base.series[base.series.length - 1].markPoint = peakPoint(c.peak); }
      if (c.line) {
        base.series.push({ name: c.line.name, type: "line", symbol: "none", data: c.line.data,
                           lineStyle: { type: "dashed", width: 2, color: "#333" } });
      }
    } else if (c.kind === "lines") {
      base.series = c.series.map(function (s) {
        if (s.actual) {  // published inventory years: points, no line through missing years
          return { name: s.name, type: "line", data: s.data, symbol: "diamond", symbolSize: 10,
                   lineStyle: { width: 3, color: "#111" }, itemStyle: { color: "#111" } };
        }
        return { name: s.name, type: "line", data: s.data, markPoint: peakPoint(s.peak) };
      });
    } else if (c.kind === "target") {
      base.yAxis = { type: "value", axisLabel: { formatter: "{value}%" } };
      base.series = c.series.map(function (s, i) {
        var series = { name: s.name, type: "line", data: s.data };
        if (i === 0) {
          series.markLine = { symbol: "none", lineStyle: { color: "#b00020", type: "dashed" },
                              label: { formatter: c.target.y + "% (" + c.target.x + ")" },
                              data: [{ yAxis: c.target.y }, { xAxis: c.target.x }] };
        }
        return series;
      });
    } else if (c.kind === "wedges") {
      base.legend = { type: "scroll", bottom: 0 };
      base.grid = { left: 56, right: 20, top: 16, bottom: 64 };
      base.series = c.series.map(function (s) {
        return { name: s.name, type: "line", stack: "w", areaStyle: {}, symbol: "none",
                 emphasis: { focus: "series" }, data: s.data };
      });
    } else if (c.kind === "fan") {
      var b = c.bands;
      function diff(hi, lo) { return hi.map(function (v, i) { return v - lo[i]; }); }
      base.tooltip = { trigger: "axis", renderMode: "richText", valueFormatter: fmt(c.unit) };
      base.legend = { show: false };
      base.series = [
        { name: "p5", type: "line", data: b.p5, stack: "o", symbol: "none", lineStyle: { opacity: 0 } },
        { name: "p5–p95", type: "line", data: diff(b.p95, b.p5), stack: "o", symbol: "none",
          lineStyle: { opacity: 0 }, areaStyle: { color: "rgba(11,110,79,0.15)" }, tooltip: { show: false } },
        { name: "p25", type: "line", data: b.p25, stack: "i", symbol: "none", lineStyle: { opacity: 0 } },
        { name: "p25–p75", type: "line", data: diff(b.p75, b.p25), stack: "i", symbol: "none",
          lineStyle: { opacity: 0 }, areaStyle: { color: "rgba(11,110,79,0.3)" }, tooltip: { show: false } },
        { name: "p50", type: "line", data: b.p50, symbol: "none", lineStyle: { color: "#0b6e4f" } },
        { name: c.line.name, type: "line", data: c.line.data, symbol: "none",
          lineStyle: { type: "dashed", color: "#333" } }
      ];
    } else if (c.kind === "waterfall") {
      var names = [c.start.name], hidden = [0], up = [c.start.value], down = ["-"];
      var level = c.start.value;
      c.steps.forEach(function (s) {
        names.push(s.name);
        var next = level + s.value;
        hidden.push(Math.min(level, next));
        up.push(s.value >= 0 ? s.value : "-");
        down.push(s.value < 0 ? -s.value : "-");
        level = next;
      });
      names.push(c.end.name); hidden.push(0); up.push(c.end.value); down.push("-");
      var low = Math.min.apply(null, hidden.filter(function (v, i) { return i > 0 && i < hidden.length - 1; }));
      base.tooltip = { trigger: "axis", renderMode: "richText", valueFormatter: fmt(c.unit) };
      base.legend = { show: false };
      base.xAxis = { type: "category", data: names, axisLabel: { interval: 0, rotate: 20 } };
      base.yAxis = { type: "value", min: Math.floor(low * 0.98) };
      base.grid = { left: 56, right: 20, top: 20, bottom: 60 };
      base.series = [
        { type: "bar", stack: "w", data: hidden, itemStyle: { color: "transparent" }, tooltip: { show: false } },
        { name: "+", type: "bar", stack: "w", data: up, itemStyle: { color: "#c0504d" } },
        { name: "−", type: "bar", stack: "w", data: down, itemStyle: { color: "#0b6e4f" } }
      ];
    }
    return base;
  }

  function draw(root) {
    if (typeof echarts === "undefined") { return; }
    root.querySelectorAll("script.pw-data").forEach(function (source) {
      var data = JSON.parse(source.textContent || "{}");
      var scope = source.parentElement || root;
      scope.querySelectorAll("[data-pw-chart]").forEach(function (el) {
        var c = data[el.getAttribute("data-pw-chart")];
        if (!c) { return; }
        var old = echarts.getInstanceByDom(el);
        if (old) { old.dispose(); }
        var chart = echarts.init(el, null, { renderer: "canvas" });
        chart.setOption(option(c));
        el.setAttribute("data-rendered", "true");
        window.addEventListener("resize", function () { chart.resize(); });
      });
    });
  }

  // A lever value outside its input's min/max: say so beside the input at once (the server
  // answers the same in the preview, naming the lever and the allowed range).
  function rangeHint(input) {
    var hint = document.getElementById(input.getAttribute("aria-describedby") || "");
    if (!hint) { return; }
    var v = input.validity;
    var bad = v.rangeOverflow || v.rangeUnderflow || v.badInput;
    input.setAttribute("aria-invalid", bad ? "true" : "false");
    hint.hidden = !bad;
  }

  document.addEventListener("input", function (event) {
    var t = event.target;
    if (t && t.matches && t.matches("input.pw-num")) { rangeHint(t); }
  });
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.detail.target || document); });
})();
