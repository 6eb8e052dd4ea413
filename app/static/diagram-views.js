/* What FlowDesk's read-only diagram pages share: read the JSON a page embeds, say that a picture could not be
   drawn (the page's tables still hold what it would have shown), log an error, start once the page is read. */
(function () {
  "use strict";

  window.FlowDeskDiagrams = {
    readJson: function (id) {
      return JSON.parse(document.getElementById(id).textContent);
    },
    fail: function (container) {
      var note = document.createElement("p");
      note.className = "diagram-note muted";
      note.setAttribute("role", "status");
      note.textContent = container.dataset.messageFailed;
      container.replaceChildren(note);
      container.classList.remove("diagram-loading");
    },
    logError: function (error) {
      if (window.console) {
        window.console.error(error);
      }
    },
    whenReady: function (start) {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
      } else {
        start();
      }
    }
  };
})();
