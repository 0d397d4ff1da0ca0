// Room test (« test technique des salles »): measures what the certification needs on this
// computer, shows a verdict per check, then sends the measurements to the server, which
// recomputes the verdicts itself and answers the computer's code.
//
// Thresholds come from the server (data-rules, certinum/centers/roomtest.py); every text
// is in the page (translated by Django): this only shows or hides it. Plain ES5 syntax on
// purpose, so that a browser too old for the certification still runs it and says so.
(function () {
  "use strict";

  var root = document.querySelector("[data-room-test]");
  if (!root) { return; }
  var rules = JSON.parse(root.getAttribute("data-rules"));
  var measurements = {
    javascript: true,
    cookies: false,
    browser: { family: "other", major: 0, minor: 0, features: false },
    screen: { width: 0, height: 0, screen_width: 0, screen_height: 0 },
    clock: { skew_seconds: null },
    latency: { median_ms: null },
    download: { mbps: null },
    focus: { detected: false },
    questions: { completed: false }
  };

  function show(name, status, messageKey, measure) {
    var item = root.querySelector('[data-check="' + name + '"]');
    var key = messageKey || status;
    item.setAttribute("data-status", status);
    var badges = item.querySelectorAll("[data-badge]");
    for (var i = 0; i < badges.length; i++) {
      badges[i].hidden = badges[i].getAttribute("data-badge") !== status;
    }
    var messages = item.querySelectorAll("[data-message]");
    for (var j = 0; j < messages.length; j++) {
      messages[j].hidden = messages[j].getAttribute("data-message") !== key;
    }
    if (measure !== undefined) {
      var shown = item.querySelector("[data-measure]");
      var prefix = item.getAttribute("data-measure-prefix");
      shown.textContent = prefix && measure ? prefix + " " + measure : measure;
      shown.hidden = measure === "";
    }
  }

  function number(value, digits) {
    return value.toLocaleString("fr-FR", { maximumFractionDigits: digits });
  }

  function bounded(value) {
    return Math.max(0, Math.min(100000, Math.round(value) || 0));
  }

  // --- Checks done at once ------------------------------------------------------------------

  function cookiesWork() {
    if (!navigator.cookieEnabled) { return false; }
    document.cookie = "certinum_essai=1; path=/; SameSite=Lax";
    var works = document.cookie.indexOf("certinum_essai=1") !== -1;
    document.cookie = "certinum_essai=; path=/; max-age=0; SameSite=Lax";
    return works;
  }

  function browserOf(ua) {
    // Every browser of an iPhone or iPad is Safari inside: its version is the system's.
    var match = ua.match(/(?:iPhone|iPad|iPod).* OS (\d+)_(\d+)/);
    var family = "safari";
    if (!match) {
      var patterns = [
        ["edge", /Edg(?:e|A|iOS)?\/(\d+)\.(\d+)/],
        ["other", /(?:OPR|Opera|SamsungBrowser|YaBrowser)\/(\d+)\.(\d+)/],
        ["firefox", /Firefox\/(\d+)\.(\d+)/],
        ["chrome", /(?:HeadlessChrome|Chromium|Chrome)\/(\d+)\.(\d+)/],
        ["safari", /Version\/(\d+)\.(\d+)(?:\.\d+)? (?:Mobile\/\S+ )?Safari\//]
      ];
      for (var i = 0; i < patterns.length && !match; i++) {
        match = ua.match(patterns[i][1]);
        family = patterns[i][0];
      }
    }
    var features = typeof window.fetch === "function" && typeof window.Promise === "function" &&
      typeof window.FormData === "function" && typeof window.URLSearchParams === "function" &&
      typeof window.AbortController === "function" &&
      !!(window.CSS && CSS.supports && CSS.supports("display", "grid"));
    if (!match) { return { family: "other", major: 0, minor: 0, features: features }; }
    return {
      family: family,
      major: Math.min(10000, parseInt(match[1], 10)),
      minor: Math.min(10000, parseInt(match[2], 10)),
      features: features
    };
  }

  function browserVerdict(browser) {
    if (!browser.features) { return "fail"; }
    var minimum = rules.min_versions[browser.family];
    if (!minimum) { return "warning"; }
    var recent = browser.major > minimum[0] ||
      (browser.major === minimum[0] && browser.minor >= minimum[1]);
    return recent ? "ok" : "fail";
  }

  var browserNames = { chrome: "Chrome", edge: "Edge", firefox: "Firefox", safari: "Safari" };

  function checkBrowser() {
    var browser = browserOf(navigator.userAgent);
    measurements.browser = browser;
    var name = browserNames[browser.family];
    show("browser", browserVerdict(browser), null,
      name ? name + " " + browser.major + (browser.minor ? "." + browser.minor : "") : "");
  }

  function checkScreen() {
    var screenSize = {
      width: bounded(window.innerWidth),
      height: bounded(window.innerHeight),
      screen_width: bounded(window.screen.width),
      screen_height: bounded(window.screen.height)
    };
    measurements.screen = screenSize;
    var status = "ok";
    var key = null;
    if (screenSize.width < rules.min_width || screenSize.height < rules.min_height) {
      status = screenSize.width >= rules.smallest_width ? "warning" : "fail";
      var screenIsLarge = screenSize.screen_width >= rules.min_width &&
        screenSize.screen_height >= rules.min_height;
      if (status === "warning" && screenIsLarge) { key = "warning-window"; }
    }
    show("screen", status, key, screenSize.width + " × " + screenSize.height + " px");
  }

  // --- Checks over the network --------------------------------------------------------------

  function fetchWithin(url, seconds, options) {
    var controller = new AbortController();
    var timer = window.setTimeout(function () { controller.abort(); }, seconds * 1000);
    options.signal = controller.signal;
    options.credentials = "same-origin";
    return fetch(url, options).then(function (response) {
      window.clearTimeout(timer);
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response;
    });
  }

  function ping() {
    var sentAt = Date.now();
    var started = performance.now();
    return fetchWithin(root.getAttribute("data-ping-url"), 10, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var roundTrip = performance.now() - started;
        return { roundTrip: roundTrip, skew: (data.now - (sentAt + roundTrip / 2)) / 1000 };
      });
  }

  function pings(count) {
    // One after the other: parallel pings would measure the browser's queue.
    var results = [];
    var next = function () {
      if (results.length === count) { return Promise.resolve(results); }
      return ping().then(function (result) { results.push(result); return next(); });
    };
    return next();
  }

  function checkServer() {
    return pings(rules.pings).then(function (results) {
      var times = results.map(function (r) { return r.roundTrip; }).sort(function (a, b) { return a - b; });
      var median = times[Math.floor(times.length / 2)];
      // The clock is read from the fastest round trip: the least uncertain.
      var fastest = results.filter(function (r) { return r.roundTrip === times[0]; })[0];
      measurements.latency.median_ms = Math.round(median * 10) / 10;
      measurements.clock.skew_seconds = Math.round(fastest.skew * 10) / 10;
      var latency = median <= rules.latency_ok_ms ? "ok" : (median <= rules.latency_max_ms ? "warning" : "fail");
      show("latency", latency, null, number(median, 0) + " ms");
      var skew = Math.abs(fastest.skew) <= rules.max_clock_skew_seconds ? "ok" : "warning";
      show("clock", skew, null, number(Math.abs(fastest.skew), 0) + " s");
    }).catch(function () {
      show("latency", "fail", null, "");
      show("clock", "fail", null, "");
    });
  }

  function checkDownload() {
    var url = root.getAttribute("data-download-url") + "?essai=" + Date.now();
    var started = performance.now();
    return fetchWithin(url, 60, { cache: "no-store" })
      .then(function (response) { return response.arrayBuffer(); })
      .then(function (data) {
        if (data.byteLength !== rules.download_bytes) { throw new Error("size"); }
        var seconds = Math.max(0.001, (performance.now() - started) / 1000);
        var mbps = Math.min(999999, data.byteLength * 8 / seconds / 1e6);
        measurements.download.mbps = Math.round(mbps * 100) / 100;
        var status = mbps >= rules.download_ok_mbps ? "ok" : (mbps >= rules.download_min_mbps ? "warning" : "fail");
        show("download", status, null, number(mbps, 1) + " Mbit/s");
      })
      .catch(function () { show("download", "fail", null, ""); });
  }

  // --- Checks done by hand ------------------------------------------------------------------

  var focusStep = "idle"; // idle → waiting (button) → left (blur) → idle, detected

  function announce(textSelector) {
    root.querySelector("[data-summary]").textContent =
      root.querySelector(textSelector).textContent;
  }

  function left() {
    if (focusStep === "waiting") { focusStep = "left"; }
    // On the focused sample question, show what the pupil will see (nothing is stored).
    var focused = document.querySelector("form[data-sample-focused] [data-focus-lost-message]");
    if (focused) { focused.hidden = false; }
  }

  function back() {
    if (focusStep !== "left") { return; }
    focusStep = "idle";
    measurements.focus.detected = true;
    show("focus", "ok");
    announce("[data-focus-done-text]");
  }

  function watchFocus() {
    root.querySelector("[data-focus-check]").addEventListener("click", function () {
      focusStep = "waiting";
      show("focus", "pending", "waiting");
    });
    window.addEventListener("blur", left);
    window.addEventListener("focus", back);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { left(); } else { back(); }
    });
  }

  function watchSamples() {
    var seeIfDone = function () {
      if (document.querySelector("[data-samples-done]") && !measurements.questions.completed) {
        measurements.questions.completed = true;
        show("questions", "ok");
      }
    };
    document.addEventListener("htmx:afterSwap", seeIfDone);
    seeIfDone();
  }

  // --- The result -----------------------------------------------------------------------------

  function showResult(data) {
    var verdicts = data.verdicts;
    var overall = data.passed ? "ok" : "fail";
    Object.keys(verdicts).forEach(function (name) {
      var item = root.querySelector('[data-check="' + name + '"]');
      if (item.getAttribute("data-status") === "pending") { show(name, verdicts[name]); }
      if (data.passed && verdicts[name] === "warning") { overall = "warning"; }
    });
    var lines = root.querySelectorAll("[data-overall]");
    for (var i = 0; i < lines.length; i++) {
      lines[i].hidden = lines[i].getAttribute("data-overall") !== overall;
    }
    root.querySelector("[data-code]").textContent = data.code;
    root.querySelector("[data-code-line]").hidden = false;
    root.querySelector("[data-send-error]").hidden = true;
  }

  function showError(message) {
    var error = root.querySelector("[data-send-error]");
    error.textContent = message || root.querySelector("[data-send-failed-text]").textContent;
    error.hidden = false;
  }

  function send(form) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    fetch(form.getAttribute("action"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(measurements)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 201) { showResult(data); } else { showError(data.error); }
      });
    }).catch(function () { showError(""); });
  }

  // --- Start ----------------------------------------------------------------------------------

  root.querySelector("[data-room-checks]").hidden = false;
  root.querySelector("[data-room-result]").hidden = false;
  show("javascript", "ok");
  measurements.cookies = cookiesWork();
  show("cookies", measurements.cookies ? "ok" : "fail");
  checkBrowser();
  checkScreen();
  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(checkScreen, 300);
  });
  watchFocus();
  watchSamples();
  var automatic = typeof window.fetch === "function" && typeof window.Promise === "function"
    ? checkServer().then(checkDownload).then(function () { announce("[data-summary-text]"); })
    : null;
  if (!automatic) {
    ["clock", "latency", "download"].forEach(function (name) { show(name, "fail", null, ""); });
  }
  root.querySelector("[data-result-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    if (automatic) { automatic.then(function () { send(form); }); }
  });
})();
