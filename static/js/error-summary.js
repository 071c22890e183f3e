/* The error summary after a failed submit (templates/_error_summary.html).
 *
 * On load, the focus moves to the summary, so that a screen reader reads how many errors
 * there are and a keyboard user's next Tab reaches the first link. A link of the summary
 * moves the focus to its field and scrolls the field's label (or its group's legend) into
 * view with it: following "#id" alone would hide the label above the top of the window.
 * Loaded as a file (the Content-Security-Policy allows no inline script).
 */
(function () {
  "use strict";

  function labelOf(field) {
    var fieldset = field.closest("fieldset");
    if (fieldset && (field.type === "radio" || field.type === "checkbox")) {
      var legend = fieldset.querySelector("legend");
      if (legend) return legend;
    }
    if (field.id) {
      var label = document.querySelector('label[for="' + CSS.escape(field.id) + '"]');
      if (label) return label;
    }
    return field;
  }

  function start() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    // A form posting to "…#anchor" (the PDIN registration) lands on that fragment, and the
    // browser's scroll to a fragment moves the focus to the page once loaded: take it back,
    // unless the person has already moved on.
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        if (document.activeElement === document.body || document.activeElement === null) {
          summary.focus();
        }
      }, 0);
    });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) return;
      event.preventDefault();
      labelOf(field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
