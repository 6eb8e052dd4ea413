/* FlowDesk's insight heatmap: draw the version with the bpmn-js viewer, colour each element and flow by how many
   passes it had, and put the count (and a task's median and p90 time) on it. The page works without this script;
   the table under the picture holds the same figures. */
(function () {
  "use strict";

  var readJson = window.FlowDeskDiagrams.readJson;
  var fail = window.FlowDeskDiagrams.fail;

  function loadLevel(load) {
    return Math.max(1, Math.min(5, Math.ceil(load * 5)));
  }

  // A short duration for a badge: seconds, minutes, hours or days, rounded, with the page's unit words.
  function shortDuration(seconds, units) {
    if (seconds < 90) { return Math.round(seconds) + " " + units.s; }
    if (seconds < 5400) { return Math.round(seconds / 60) + " " + units.m; }
    if (seconds < 129600) { return Math.round(seconds / 3600) + " " + units.h; }
    return Math.round(seconds / 86400) + " " + units.d;
  }

  function badge(className, text) {
    var element = document.createElement("div");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function middleOf(connection) {
    var points = connection.waypoints;
    var left = Math.min.apply(null, points.map(function (p) { return p.x; }));
    var top = Math.min.apply(null, points.map(function (p) { return p.y; }));
    var a = points[Math.floor((points.length - 1) / 2)];
    var b = points[Math.floor((points.length - 1) / 2) + 1] || a;
    return { left: (a.x + b.x) / 2 - left - 8, top: (a.y + b.y) / 2 - top - 9 };
  }

  function mark(viewer, overlays, words) {
    var canvas = viewer.get("canvas");
    var registry = viewer.get("elementRegistry");
    var shown = viewer.get("overlays");
    Object.keys(overlays).forEach(function (id) {
      var figures = overlays[id];
      var element = registry.get(id);
      if (!element || figures.count === null) {
        return;
      }
      if (figures.count > 0) {
        canvas.addMarker(id, "load-" + loadLevel(figures.load));
      }
      if (element.waypoints) {
        shown.add(id, { position: middleOf(element), html: badge("insight-count flow", String(figures.count)) });
        return;
      }
      shown.add(id, { position: { top: -10, right: 10 }, html: badge("insight-count", String(figures.count)) });
      if (figures.median !== null && figures.median !== undefined) {
        shown.add(id, { position: { bottom: -6, left: 0 }, html: badge("insight-times",
          words.median + " " + shortDuration(figures.median, words.units) + " · " + words.p90 + " " +
          shortDuration(figures.p90, words.units)) });
      }
    });
  }

  // Draw one heatmap: a container whose data-xml and data-overlays name the scripts holding its diagram and
  // figures (the insight page's one container uses insight-xml and insight-overlays).
  function draw(container, exposeAs) {
    if (typeof window.BpmnJS !== "function") {
      fail(container);
      return;
    }
    container.classList.add("diagram-loading");
    var viewer = new window.BpmnJS({ container: container });
    viewer.importXML(readJson(container.dataset.xml || "insight-xml")).then(function () {
      var note = container.querySelector(".diagram-note");
      if (note) {
        note.remove();
      }
      viewer.get("canvas").zoom("fit-viewport", "auto");
      mark(viewer, readJson(container.dataset.overlays || "insight-overlays"), {
        median: container.dataset.wordMedian, p90: container.dataset.wordP90,
        units: JSON.parse(container.dataset.units) });
      container.classList.replace("diagram-loading", "diagram-drawn");
      window[exposeAs] = viewer; // for the browser tests and the console
    }).catch(function (error) {
      viewer.destroy();
      fail(container);
      window.FlowDeskDiagrams.logError(error);
    });
  }

  function start() {
    var single = document.getElementById("insight-diagram");
    if (single) {
      draw(single, "flowdeskInsightViewer");
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-heatmap]"), function (container) {
      draw(container, "flowdeskHeatmap_" + container.dataset.heatmap);
    });
  }

  window.FlowDeskDiagrams.whenReady(start);
})();
