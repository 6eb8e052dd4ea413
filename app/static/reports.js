// Draw the dashboard's charts with ECharts from the figures the page carries as JSON (no inline script: CSP).
(function () {
  "use strict";
  var source = document.getElementById("report-chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var words = data.words;

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) { return; }
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  draw("chart-volume", {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: [words["in"], words.out], top: 0 },
    grid: { left: 40, right: 16, top: 30, bottom: 30 },
    xAxis: { type: "category", data: data.days },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: words["in"], type: "bar", data: data.opened, itemStyle: { color: "#4c78a8" } },
      { name: words.out, type: "line", data: data.out, itemStyle: { color: "#f58518" } }
    ]
  });
  draw("chart-sla", {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: [words.response, words.resolution], top: 0 },
    grid: { left: 40, right: 16, top: 30, bottom: 30 },
    xAxis: { type: "category", data: data.policies },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value} %" } },
    series: [
      { name: words.response, type: "bar", data: data.response, itemStyle: { color: "#54a24b" } },
      { name: words.resolution, type: "bar", data: data.resolution, itemStyle: { color: "#e45756" } }
    ]
  });
}());
