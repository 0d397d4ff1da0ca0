/* Helpers shared by the Certinum simulations. No network, no storage, no eval: each
   simulation runs in a sandboxed frame (opaque origin) and only draws its scenario. */
(function () {
  "use strict";

  /* Builds an element: el("p", {class: "x"}, ["text", child]). Text is always set as
     text, never parsed as HTML. */
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    var key;
    for (key in attributes || {}) {
      if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
      var value = attributes[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* The scenario named by ?s=N in the frame's address (1 when absent). */
  function scenario(scenarios) {
    var wanted = new URLSearchParams(window.location.search).get("s") || "1";
    if (Object.prototype.hasOwnProperty.call(scenarios, wanted)) return scenarios[wanted];
    document.body.appendChild(
      el("p", {class: "sim-error", role: "alert", text: "Scénario inconnu : " + wanted + "."})
    );
    return null;
  }

  /* Says a change of state to screen readers through the page's polite live region. */
  function announce(text) {
    var region = document.getElementById("annonce");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  window.Sim = {el: el, scenario: scenario, announce: announce, clear: clear};
})();
