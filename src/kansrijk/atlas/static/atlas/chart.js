/* Render the Vega-Lite spec stored on the chart element (the table beside it holds the same figures). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var el = document.getElementById("atlas-chart");
  if (el && typeof vegaEmbed !== "undefined") {
    vegaEmbed(el, JSON.parse(el.getAttribute("data-spec")), { actions: false, renderer: "svg" });
  }
});
