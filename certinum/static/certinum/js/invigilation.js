// The invigilator's candidate list refreshes itself every few seconds (htmx polling). A
// refresh must not wipe what the invigilator is doing: while a form of the list is open
// or has the focus, the refresh waits for the next tick.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeRequest", function (event) {
    var list = document.getElementById("candidats");
    if (!list || event.detail.elt !== list) { return; }
    var busy = list.querySelector("details[open]") || list.contains(document.activeElement);
    if (busy) { event.preventDefault(); }
  });
})();
