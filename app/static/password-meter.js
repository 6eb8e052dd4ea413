/* The password page: a strength meter while the new password is typed, rated by the server's own rule (so the
   meter and the refusal never disagree), and a Show / Hide control on each password field. Without script the
   page works as before: the rule is applied when the form is sent. */
(function () {
  "use strict";

  var WAIT_MS = 250;

  function addShowControl(input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "show-password";
    button.textContent = input.form.dataset.showWord;
    button.setAttribute("aria-controls", input.id);
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      var shown = input.type === "password";
      input.type = shown ? "text" : "password";
      button.textContent = shown ? input.form.dataset.hideWord : input.form.dataset.showWord;
      button.setAttribute("aria-pressed", shown ? "true" : "false");
      input.focus();
    });
    input.insertAdjacentElement("afterend", button);
  }

  function startMeter(form, input) {
    var meter = document.getElementById("password-meter");
    var words = document.getElementById("password-meter-words");
    var token = form.querySelector("input[name=csrf_token]").value;
    var timer = null;
    var asked = 0;

    function show(rating) {
      meter.value = rating.score;
      meter.dataset.accepted = rating.accepted ? "yes" : "no";
      words.textContent = rating.message;
    }

    function ask() {
      var mine = ++asked;
      if (!input.value) { meter.value = 0; words.textContent = ""; return; }
      fetch(form.dataset.ratingUrl, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json"},
        body: JSON.stringify({password: input.value})
      }).then(function (response) { return response.ok ? response.json() : null; })
        .then(function (rating) { if (rating && mine === asked) { show(rating); } })
        .catch(function () { /* the rule still applies when the form is sent */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT_MS);
    });
    meter.hidden = false;
  }

  function start() {
    var form = document.querySelector("form[data-rating-url]");
    if (!form) { return; }
    form.querySelectorAll("input[type=password]").forEach(addShowControl);
    startMeter(form, document.getElementById("password"));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
