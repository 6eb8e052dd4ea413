/* Search-as-you-type pickers: a text field marked data-picker="<look-up address>" offers the matches of what is
   typed in a list below it (an ARIA combobox); choosing one puts its value in the field. Without script the
   field stays a plain text field that the server checks, so every form works without it.
   A field whose look-up depends on a choice beside it (link to a ticket, a CI, ...) also carries
   data-picker-kind-field="<id of the select>" and data-picker-kinds='{"<choice>": "<look-up address>", ...}';
   a choice without an address offers nothing. */
(function () {
  "use strict";

  var WAIT_MS = 180;  // wait for a pause in typing before asking the server
  var counter = 0;

  function enhance(field) {
    var list = document.createElement("ul");
    var timer = null;
    var matches = [];
    var active = -1;
    counter += 1;
    list.id = "picker-list-" + counter;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    if (field.getAttribute("aria-label") || field.labels && field.labels.length) {
      list.setAttribute("aria-label", field.getAttribute("aria-label") || field.labels[0].textContent.trim());
    }
    field.parentNode.insertBefore(list, field.nextSibling);
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-expanded", "false");
    field.setAttribute("aria-controls", list.id);
    field.setAttribute("autocomplete", "off");

    function close() {
      list.hidden = true;
      active = -1;
      field.setAttribute("aria-expanded", "false");
      field.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      if (index < 0 || index >= matches.length) { return; }
      field.value = matches[index].value;
      close();
      field.dispatchEvent(new Event("change", {bubbles: true}));
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      active = index;
      options.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      if (options[index]) {
        field.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({block: "nearest"});
      }
    }

    function show(found) {
      matches = found;
      list.textContent = "";
      found.forEach(function (item, index) {
        var option = document.createElement("li");
        var detail = document.createElement("span");
        option.id = list.id + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.value = item.value;
        option.textContent = item.label;
        detail.className = "picker-detail";
        detail.textContent = item.detail;
        option.appendChild(detail);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the field
          choose(index);
        });
        list.appendChild(option);
      });
      list.hidden = found.length === 0;
      field.setAttribute("aria-expanded", found.length ? "true" : "false");
      active = -1;
      if (!list.hidden) { place(); }
    }

    // The list lies over what follows the field rather than pushing it down: a button that moved between
    // the press and the release of a click would lose the click.
    function place() {
      list.style.left = "0px";
      list.style.top = "0px";
      var origin = list.getBoundingClientRect();
      var under = field.getBoundingClientRect();
      list.style.left = (under.left - origin.left) + "px";
      list.style.top = (under.bottom - origin.top) + "px";
      list.style.minWidth = under.width + "px";
    }

    function address() {
      var select = field.dataset.pickerKindField && document.getElementById(field.dataset.pickerKindField);
      if (!select) { return field.dataset.picker; }
      return JSON.parse(field.dataset.pickerKinds || "{}")[select.value] || "";
    }

    function ask() {
      var text = field.value.trim();
      var from = address();
      if (!text || !from) { close(); return; }
      fetch(from + "?q=" + encodeURIComponent(text),
            {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (body) {
          // Answers that arrive after the person moved on are not shown: the list would push the form down
          // under the pointer as she clicks the button below it.
          if (field.value.trim() === text && document.activeElement === field) { show(body.results || []); }
        })
        .catch(close);
    }

    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, WAIT_MS);
    });
    field.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, matches.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(active); }
      else if (event.key === "Escape") { close(); }
    });
    field.addEventListener("blur", function () {
      window.clearTimeout(timer);
      close();
    });
  }

  function start() {
    document.querySelectorAll("input[data-picker]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
