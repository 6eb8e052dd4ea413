// A what-if run's page while the scheduler replays its cases: ask the server how far it got every few seconds,
// show it, and show the whole page again once the run ended (its outcome, its failure, or that it was cancelled).
(function () {
  "use strict";
  var box = document.querySelector("[data-testid=what-if-status][data-progress-url]");
  if (!box) { return; }
  var bar = box.querySelector("[data-testid=what-if-progress]");
  var words = box.querySelector("[data-testid=what-if-progress-words]");
  var status = box.querySelector("[data-testid=what-if-status-words]");
  var POLL_MS = 2000;

  function ask() {
    fetch(box.dataset.progressUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (run) {
        if (run === null) { return; }
        if (run.finished) { window.location.reload(); return; }
        bar.value = run.share_done;
        words.textContent = run.words;
        status.textContent = run.status_words;
        box.dataset.status = run.status;
        window.setTimeout(ask, POLL_MS);
      })
      .catch(function () { window.setTimeout(ask, POLL_MS * 3); });  // the server may be restarting
  }
  window.setTimeout(ask, POLL_MS);
}());
