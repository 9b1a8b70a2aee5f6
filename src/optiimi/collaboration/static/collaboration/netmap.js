// The network map: hovering over or focusing an organisation highlights its ties and partners.
// Everything else (filters, links to the records behind a tie) works without this script.
(function () {
  "use strict";
  var svg = document.querySelector("svg.netmap");
  if (!svg) return;
  var ties = Array.prototype.slice.call(svg.querySelectorAll("g.ties a"));
  var nodes = Array.prototype.slice.call(svg.querySelectorAll("g.orgs a"));

  function highlight(id) {
    var partners = {};
    partners[id] = true;
    ties.forEach(function (t) {
      var on = t.dataset.a === id || t.dataset.b === id;
      t.classList.toggle("on", on);
      t.classList.toggle("off", !on);
      if (on) { partners[t.dataset.a] = true; partners[t.dataset.b] = true; }
    });
    nodes.forEach(function (n) { n.classList.toggle("off", !partners[n.dataset.node]); });
  }

  function clear() {
    ties.forEach(function (t) { t.classList.remove("on", "off"); });
    nodes.forEach(function (n) { n.classList.remove("off"); });
  }

  nodes.forEach(function (n) {
    n.addEventListener("mouseenter", function () { highlight(n.dataset.node); });
    n.addEventListener("focus", function () { highlight(n.dataset.node); });
    n.addEventListener("mouseleave", clear);
    n.addEventListener("blur", clear);
  });
})();
