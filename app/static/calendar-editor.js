/* The calendar editor's "Add a span" buttons: each adds a blank span (from - to) to its day at once, named
   {day}_{n}_start / {day}_{n}_end as the server reads them. Without script the page always offers one blank
   span a day, and another after each save. */
(function () {
  "use strict";

  function addSpan(button) {
    var list = document.getElementById(button.dataset.spans);
    var max = parseInt(button.closest("table").dataset.maxSpans, 10);
    var count = list.querySelectorAll("li").length;
    if (count >= max) { button.hidden = true; return; }
    var item = list.querySelector("li").cloneNode(true);
    item.className = "";
    item.querySelectorAll(".field-error").forEach(function (message) { message.remove(); });
    item.querySelectorAll("input").forEach(function (input, position) {
      var end = position === 1;
      var name = list.dataset.day + "_" + count + (end ? "_end" : "_start");
      var label = end ? button.dataset.labelTo : button.dataset.labelFrom;
      input.name = name;
      input.id = name;
      input.value = "";
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-label", label.replace("#", String(count + 1)));
    });
    list.appendChild(item);
    item.querySelector("input").focus();
    button.hidden = count + 1 >= max;
  }

  function start() {
    document.querySelectorAll("button.add-span").forEach(function (button) {
      var list = document.getElementById(button.dataset.spans);
      button.hidden = list.querySelectorAll("li").length >= parseInt(button.closest("table").dataset.maxSpans, 10);
      button.addEventListener("click", function () { addSpan(button); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
