// The whole-history verification: asks the server for one part after another and shows how far it got and what
// does not hold. The sentences come translated from the page's data attributes.
(function () {
  "use strict";
  var box = document.getElementById("verify-history");
  if (!box) { return; }
  var button = box.querySelector("[data-action=verify]");
  var progress = box.querySelector("progress");
  var status = box.querySelector("[data-testid=verify-status]");
  var list = box.querySelector("ol");

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return String(values[name]); });
  }

  function addBreak(found) {
    var item = document.createElement("li");
    item.textContent = found.message + " ";
    if (found.replay) {
      var link = document.createElement("a");
      link.href = found.replay;
      link.textContent = box.dataset.replay;
      item.appendChild(link);
    }
    list.appendChild(item);
  }

  function run() {
    var state = {done: 0, total: 0, events: 0, count: 0};
    button.disabled = true;
    list.textContent = "";
    progress.hidden = false;
    progress.value = 0;
    status.textContent = "";
    function next(after) {
      var url = box.dataset.url + (after ? "?after=" + encodeURIComponent(after) : "");
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (answer) {
          return answer.json().then(function (body) {
            if (!answer.ok) { throw new Error(body.error || answer.statusText); }
            return body;
          });
        })
        .then(function (part) {
          if (part.total_streams !== null) { state.total = part.total_streams; }
          state.done += part.streams;
          state.events += part.checked;
          state.count += part.breaks.length;
          part.breaks.forEach(addBreak);
          progress.max = Math.max(state.total, 1);
          progress.value = state.done;
          status.textContent = say(box.dataset.progress, state);
          if (part.after) { next(part.after); return; }
          progress.value = progress.max;
          status.textContent = state.count ? say(box.dataset.broken, state) : say(box.dataset.holds, state);
          status.dataset.outcome = state.count ? "broken" : "holds";
          button.disabled = false;
        })
        .catch(function (error) {
          status.textContent = say(box.dataset.failed, {error: error.message});
          status.dataset.outcome = "failed";
          button.disabled = false;
        });
    }
    next("");
  }

  button.addEventListener("click", run);
  box.dataset.ready = "true";  // the button works from here on (a click before this did nothing)
}());
