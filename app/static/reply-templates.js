/* Reply templates on the ticket page: choosing one puts its text into the note at once (no reload). Without
   script the template form reloads the page with the text in the note instead. */
(function () {
  "use strict";

  function insert(select) {
    var option = select.options[select.selectedIndex];
    var note = document.getElementById(select.dataset.noteTarget);
    if (!option || !option.value || !note) { return; }
    var text = option.dataset.body || "";
    note.value = note.value.trim() ? note.value.replace(/\s+$/, "") + "\n\n" + text : text;
    note.focus();
    note.setSelectionRange(note.value.length, note.value.length);
    select.selectedIndex = 0;
  }

  function start() {
    document.querySelectorAll("select[data-note-target]").forEach(function (select) {
      select.addEventListener("change", function () { insert(select); });
      if (select.form) {
        select.form.addEventListener("submit", function (event) {
          event.preventDefault();
          insert(select);
        });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
