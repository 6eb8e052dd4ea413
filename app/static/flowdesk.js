/* FlowDesk on every page: behaviour that the Content-Security-Policy keeps out of the HTML (no inline handlers).
   A select marked data-submit-on-change sends its form when a new option is chosen (the language switch);
   without script its form keeps a submit button in <noscript>. On a phone, the Menu button folds the top bar. */
(function () {
  "use strict";

  function submitOnChange(event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-submit-on-change]") && field.form) {
      field.form.submit();
    }
  }

  document.addEventListener("change", submitOnChange);

  // The top bar's Menu button on a phone: show or hide the links, and say so to screen readers.
  function toggleMenu(event) {
    var button = event.target.closest ? event.target.closest(".menu-toggle") : null;
    if (!button) {
      return;
    }
    var bar = button.closest(".topbar");
    var open = bar.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.documentElement.classList.add("js");
  document.addEventListener("click", toggleMenu);
}());
