/* What FlowDesk's read-only diagram pages share: read the JSON a page embeds, and say that a picture could not be
   drawn (the page's tables still hold what it would have shown). */
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
    }
  };
})();
