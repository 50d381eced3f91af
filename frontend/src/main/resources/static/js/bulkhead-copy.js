// Copy buttons: a button with data-copy-target="<id>" copies that element's text, and says
// so in the element its aria-describedby names. Loaded as a file (the CSP allows no
// inline scripts); the listener is on the document, so buttons that htmx swaps in work.
(function () {
  "use strict";

  function say(button, text) {
    var id = button.getAttribute("aria-describedby");
    var status = id ? document.getElementById(id) : null;
    if (status) { status.textContent = text; }
  }

  // Without the asynchronous clipboard (a page served over plain http from another
  // host is not a secure context), select the text and use the older copy command.
  function copyBySelection(source) {
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    return done;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy-target]") : null;
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source) { return; }
    var text = source.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        say(button, "Copied " + text.length + " characters.");
      }, function () {
        say(button, copyBySelection(source) ? "Copied " + text.length + " characters."
          : "The browser refused to copy; the text is selected, press Ctrl+C.");
      });
    } else {
      say(button, copyBySelection(source) ? "Copied " + text.length + " characters."
        : "The browser refused to copy; the text is selected, press Ctrl+C.");
    }
  });
})();
