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
    // On a phone the navigation and the role switch fold behind one "Menu" button (CSS shows
    // it below 40rem); without this script they stay unfolded.
    var toggle = document.querySelector(".menu-toggle");
    if (toggle) {
      var header = toggle.closest(".site-header");
      toggle.hidden = false;
      header.classList.add("site-header--foldable");
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        header.classList.toggle("site-header--open", open);
      });
    }
  });
  // A form with data-confirm asks before submitting (removing a creator, revoking access).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
