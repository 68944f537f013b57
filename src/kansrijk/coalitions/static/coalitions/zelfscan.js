/* Zelfscan results: draw the Vega-Lite charts (spec in a json_script next to each chart). The table
   beside every chart holds the same numbers, so nothing is lost without JavaScript. */
(function () {
  "use strict";
  function draw(el) {
    if (el.getAttribute("data-drawn") || typeof vegaEmbed === "undefined") { return; }
    var script = document.getElementById(el.getAttribute("data-spec"));
    if (!script) { return; }
    el.setAttribute("data-drawn", "1");
    vegaEmbed(el, JSON.parse(script.textContent), { actions: false, renderer: "svg" }).catch(function () {
      el.textContent = "De grafiek kon niet worden getekend; de cijfers staan in de tabel.";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".kr-chart[data-spec]"), draw);
  });
})();
