/* FlowDesk instance page: draw the instance's diagram with the bpmn-js viewer and mark its path.
   The page works without this script; it only adds the picture. */
(function () {
  "use strict";

  var MARKER_CLASSES = ["done", "active", "taken"];

  function readMarkers() {
    var source = document.getElementById("diagram-markers");
    try {
      return source ? JSON.parse(source.textContent) : {};
    } catch (error) {
      return {};
    }
  }

  function showNote(container, text) {
    var note = document.createElement("p");
    note.className = "diagram-note muted";
    note.setAttribute("role", "status");
    note.textContent = text;
    container.replaceChildren(note);
    container.classList.remove("diagram-loading");
    container.classList.add("diagram-failed");
  }

  function fetchDiagram(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/xml" } }).then(function (response) {
      if (!response.ok) {
        throw new Error("The diagram could not be loaded (HTTP " + response.status + ").");
      }
      return response.text();
    });
  }

  function addMarkers(viewer, markers) {
    var canvas = viewer.get("canvas");
    var registry = viewer.get("elementRegistry");
    MARKER_CLASSES.forEach(function (name) {
      (markers[name] || []).forEach(function (id) {
        if (registry.get(id)) {
          canvas.addMarker(id, name);
        }
      });
    });
  }

  function draw(container) {
    var note = container.querySelector(".diagram-note");
    container.classList.add("diagram-loading");
    var viewer = new window.BpmnJS({ container: container });
    return fetchDiagram(container.dataset.diagramUrl)
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        if (note) {
          note.remove();
        }
        viewer.get("canvas").zoom("fit-viewport", "auto");
        addMarkers(viewer, readMarkers());
        container.classList.replace("diagram-loading", "diagram-drawn");
      })
      .catch(function (error) {
        var noLayout = /no diagram to display/i.test(String(error && error.message));
        viewer.destroy();
        showNote(container, noLayout ? container.dataset.messageNoLayout : container.dataset.messageFailed);
        if (!noLayout && window.console) {
          window.console.error(error);
        }
      });
  }

  function start() {
    var container = document.getElementById("diagram");
    if (!container) {
      return;
    }
    if (typeof window.BpmnJS !== "function" || typeof window.fetch !== "function") {
      showNote(container, container.dataset.messageFailed);
      return;
    }
    draw(container);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
