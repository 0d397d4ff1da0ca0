// Question page helpers: the countdown of a timed question and the focus-loss report of a
// focused one. The server owns time and decides "timedout" itself; this only displays it.
(function () {
  "use strict";

  var timer = document.querySelector("[data-timer]");
  if (timer) {
    var remaining = parseInt(timer.getAttribute("data-remaining"), 10) || 0;
    var display = timer.querySelector("[data-timer-display]");
    var announce = timer.querySelector("[data-timer-announce]");
    var over = timer.querySelector("[data-timer-over]");
    var startedAt = Date.now();
    var lastAnnouncedMinute = Math.ceil(remaining / 60);
    var tick = function () {
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

  var focused = document.querySelector("form[data-focused]");
  if (focused) {
    var reported = false;
    var report = function () {
      if (reported) { return; }
      reported = true;
      var data = new FormData();
      data.append("challenge", focused.querySelector("input[name=challenge]").value);
      data.append("csrfmiddlewaretoken", focused.querySelector("input[name=csrfmiddlewaretoken]").value);
      var url = focused.getAttribute("data-focus-url");
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, data))) {
        fetch(url, { method: "POST", body: data, credentials: "same-origin" });
      }
      var message = document.querySelector("[data-focus-lost-message]");
      if (message) { message.hidden = false; }
    };
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { report(); }
    });
    window.addEventListener("blur", report);
  }
})();
