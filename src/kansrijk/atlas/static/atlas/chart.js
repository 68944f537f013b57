/* Render the Vega-Lite spec stored on the chart element (the table beside it holds the same figures). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  // Our Content-Security-Policy has no 'unsafe-eval' and no inline styles: Vega evaluates expressions
  // with its interpreter (ast), and the tooltip style lives in kansrijk.css.
  var KANSRIJK_VEGA_OPTIONS = {
    actions: false, renderer: "svg", ast: true, defaultStyle: false, tooltip: { disableDefaultStyle: true }
  };
  var el = document.getElementById("atlas-chart");
  if (el && typeof vegaEmbed !== "undefined") {
    vegaEmbed(el, JSON.parse(el.getAttribute("data-spec")), KANSRIJK_VEGA_OPTIONS);
  }
});
