// Question page helpers: the countdown of a timed question and the focus-loss report of a
// focused one. The server owns time and decides "timedout" itself; this only displays it.
//
// The next question arrives as an htmx swap of #question (one request per answer), so
// everything here starts again on each new question: the countdown is bound to its own
// element and stops when that element leaves the page; focus loss is listened to once,
// on the window, and reported for whichever focused question is on screen.
(function () {
  "use strict";

  function startCountdown(timer) {
    var remaining = parseInt(timer.getAttribute("data-remaining"), 10) || 0;
    var display = timer.querySelector("[data-timer-display]");
    var announce = timer.querySelector("[data-timer-announce]");
    var over = timer.querySelector("[data-timer-over]");
    var startedAt = Date.now();
    var lastAnnouncedMinute = Math.ceil(remaining / 60);
    var tick = function () {
      if (!document.body.contains(timer)) { return; } // the question was answered
      var left = Math.max(0, remaining - Math.floor((Date.now() - startedAt) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      display.textContent = (minutes ? minutes + " min " : "") + seconds + " s";
      // Screen readers hear the time left at most once a minute.
      var minute = Math.ceil(left / 60);
      if (left > 0 && minute < lastAnnouncedMinute) {
        lastAnnouncedMinute = minute;
        announce.textContent = "Il reste " + minute + (minute > 1 ? " minutes." : " minute.");
      }
      if (left === 0) {
        over.hidden = false;
        announce.textContent = "";
        return;
      }
      window.setTimeout(tick, 1000);
    };
    tick();
  }

  function reportFocusLoss() {
    var focused = document.querySelector("form[data-focused]");
    if (!focused || focused.hasAttribute("data-focus-reported")) { return; }
    focused.setAttribute("data-focus-reported", "");
    var data = new FormData();
    // The question's identity: its challenge (evaluations) or its index (certifications).
    ["challenge", "index"].forEach(function (name) {
      var input = focused.querySelector("input[name=" + name + "]");
      if (input) { data.append(name, input.value); }
    });
    data.append("csrfmiddlewaretoken", focused.querySelector("input[name=csrfmiddlewaretoken]").value);
    var url = focused.getAttribute("data-focus-url");
    if (!(navigator.sendBeacon && navigator.sendBeacon(url, data))) {
      fetch(url, { method: "POST", body: data, credentials: "same-origin" });
    }
    var message = focused.querySelector("[data-focus-lost-message]");
    if (message) { message.hidden = false; }
  }

  function setUp(region) {
    var timer = region.querySelector("[data-timer]");
    if (timer) { startCountdown(timer); }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { reportFocusLoss(); }
  });
  window.addEventListener("blur", reportFocusLoss);

  document.addEventListener("htmx:afterSwap", function () {
    var region = document.getElementById("question");
    if (!region) { return; }
    setUp(region);
    // Screen readers and keyboards start again at the new question's heading.
    var heading = region.querySelector("[data-question-heading]");
    if (heading) { heading.focus(); }
  });

  // A dropped school network: the answer is not lost. The page says so calmly and sends
  // the very same request again every few seconds until it gets through; the server
  // stores a re-sent answer once. What the pupil typed stays on the page meanwhile.
  var RETRY_MS = 4000;
  var lastRequest = null;
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt.closest || !event.detail.elt.closest("form.question")) { return; }
    lastRequest = { path: event.detail.path, values: event.detail.parameters };
  });
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt.closest ? event.detail.elt.closest("form.question") : null;
    if (!form || !lastRequest || !window.htmx) { return; }
    var notice = form.querySelector("[data-offline-message]");
    if (notice) { notice.hidden = false; }
    var request = lastRequest;
    window.setTimeout(function () {
      window.htmx.ajax("POST", request.path, {
        source: form, values: request.values, target: "#question", swap: "outerHTML"
      });
    }, RETRY_MS);
  });

  var region = document.getElementById("question");
  if (region) { setUp(region); }
})();
