/* FlowDesk's version diff: draw both versions with the bpmn-js viewer, mark what the server found different,
   and move both pictures together. The page works without this script; it only adds the pictures. */
(function () {
  "use strict";

  var MARKS = { before: ["removed", "changed", "moved"], after: ["added", "changed", "moved"] };

  var readJson = window.FlowDeskDiagrams.readJson;
  var fail = window.FlowDeskDiagrams.fail;

  function mark(viewer, side, markers) {
    var canvas = viewer.get("canvas");
    var registry = viewer.get("elementRegistry");
    MARKS[side].forEach(function (kind) {
      (markers[kind] || []).forEach(function (id) {
        if (registry.get(id)) {
          canvas.addMarker(id, kind);
        }
      });
    });
  }

  function draw(container, xml, markers) {
    container.classList.add("diagram-loading");
    var viewer = new window.BpmnJS({ container: container });
    return viewer.importXML(xml).then(function () {
      var note = container.querySelector(".diagram-note");
      if (note) {
        note.remove();
      }
      viewer.get("canvas").zoom("fit-viewport", "auto");
      mark(viewer, container.dataset.side, markers);
      container.classList.replace("diagram-loading", "diagram-drawn");
      return viewer;
    }).catch(function (error) {
      viewer.destroy();
      fail(container);
      throw error;
    });
  }

  // Move and zoom the other picture with the one the person moves; `following` stops the echo.
  function synchronise(viewers) {
    var following = false;
    viewers.forEach(function (viewer, index) {
      var other = viewers[1 - index];
      viewer.on("canvas.viewbox.changed", function (event) {
        if (following) {
          return;
        }
        following = true;
        other.get("canvas").viewbox(event.viewbox);
        following = false;
      });
    });
    viewers[1].get("canvas").viewbox(viewers[0].get("canvas").viewbox());
  }

  // Centre both pictures on an element at its natural size: the newer picture's, or the older's when removed.
  function focusOn(viewers, id) {
    var viewer = viewers[1].get("elementRegistry").get(id) ? viewers[1] : viewers[0];
    var element = viewer.get("elementRegistry").get(id);
    if (!element) {
      return;
    }
    var canvas = viewer.get("canvas");
    var outer = canvas.viewbox().outer;
    var middle = element.waypoints ? element.waypoints[0] : { x: element.x + element.width / 2, y: element.y + element.height / 2 };
    canvas.viewbox({ x: middle.x - outer.width / 2, y: middle.y - outer.height / 2, width: outer.width, height: outer.height });
  }

  function linkFocus(viewers) {
    document.querySelectorAll("[data-focus]").forEach(function (link) {
      link.addEventListener("click", function () { focusOn(viewers, link.dataset.focus); });
    });
  }

  function start() {
    var before = document.getElementById("diagram-before");
    var after = document.getElementById("diagram-after");
    if (!before || !after) {
      return;
    }
    if (typeof window.BpmnJS !== "function") {
      fail(before);
      fail(after);
      return;
    }
    var markers = readJson("diff-markers");
    Promise.all([draw(before, readJson("diff-before"), markers), draw(after, readJson("diff-after"), markers)])
      .then(function (viewers) {
        synchronise(viewers);
        linkFocus(viewers);
        window.flowdeskDiffViewers = viewers; // for the browser tests and the console
        document.getElementById("diff-viewers").classList.add("diff-ready");
      })
      .catch(function (error) {
        window.FlowDeskDiagrams.logError(error);
      });
  }

  window.FlowDeskDiagrams.whenReady(start);
})();
