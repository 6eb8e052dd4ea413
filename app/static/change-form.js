/* The raise form: a CI chosen in the picker is added to the list of affected CIs (names separated by commas), and
   the template list shows only for standard changes. Without script both fields are typed by hand. */
(function () {
  "use strict";
  document.querySelectorAll("[data-adds-to]").forEach(function (picker) {
    var list = document.getElementById(picker.getAttribute("data-adds-to"));
    picker.addEventListener("change", function () {
      var chosen = picker.value.trim();
      var names = list.value.split(",").map(function (name) { return name.trim(); }).filter(Boolean);
      if (chosen && names.indexOf(chosen) < 0) { names.push(chosen); }
      list.value = names.join(", ");
      picker.value = "";
    });
  });
  var type = document.getElementById("change_type");
  function showTemplates() {
    document.querySelectorAll("[data-shown-for]").forEach(function (part) {
      part.hidden = type.value !== part.getAttribute("data-shown-for");
    });
  }
  if (type) { type.addEventListener("change", showTemplates); showTemplates(); }
}());
