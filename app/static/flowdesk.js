/* FlowDesk on every page: behaviour that the Content-Security-Policy keeps out of the HTML (no inline handlers).
   A select marked data-submit-on-change sends its form when a new option is chosen (the language switch);
   without script its form keeps a submit button in <noscript>. */
(function () {
  "use strict";

  function submitOnChange(event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-submit-on-change]") && field.form) {
      field.form.submit();
    }
  }

  document.addEventListener("change", submitOnChange);
}());
