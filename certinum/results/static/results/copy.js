// « Copier » buttons on the certificate page: shown only where the clipboard API exists;
// the read-only fields stay usable by hand everywhere else.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var status = document.querySelector("[data-copy-status]");
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy"));
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = status.getAttribute("data-copied");
      });
    });
  });
})();
