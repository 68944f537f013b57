/* Zelfscan results: draw the Vega-Lite charts (spec in a json_script next to each chart). The table
   beside every chart holds the same numbers, so nothing is lost without JavaScript. */
(function () {
  "use strict";
  // Our Content-Security-Policy has no 'unsafe-eval' and no inline styles: Vega evaluates expressions
  // with its interpreter (ast), and the tooltip style lives in kansrijk.css.
  var KANSRIJK_VEGA_OPTIONS = {
    actions: false, renderer: "svg", ast: true, defaultStyle: false, tooltip: { disableDefaultStyle: true }
  };
  function draw(el) {
    if (el.getAttribute("data-drawn") || typeof vegaEmbed === "undefined") { return; }
    var script = document.getElementById(el.getAttribute("data-spec"));
    if (!script) { return; }
    el.setAttribute("data-drawn", "1");
    vegaEmbed(el, JSON.parse(script.textContent), KANSRIJK_VEGA_OPTIONS).catch(function () {
      el.textContent = "De grafiek kon niet worden getekend; de cijfers staan in de tabel.";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".kr-chart[data-spec]"), draw);
  });
})();
