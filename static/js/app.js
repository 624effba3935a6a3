// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // A <select data-autosubmit> submits its form on change; its fallback button is then hidden.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.requestSubmit();
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-autosubmit-fallback]").forEach(function (button) {
      button.hidden = true;
    });
  });
  // A form with data-confirm asks before submitting (removing a creator, revoking access).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
