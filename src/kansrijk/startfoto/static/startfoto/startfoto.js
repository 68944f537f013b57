/* Startfoto page: trend charts (vega-embed, drawn when scrolled into view), the wijk map (Leaflet
   choropleth without tiles; the table under it has every value) and sortable tables. */
(function () {
  "use strict";
  // Our Content-Security-Policy has no 'unsafe-eval' and no inline styles: Vega evaluates expressions
  // with its interpreter (ast), and the tooltip style lives in kansrijk.css.
  var KANSRIJK_VEGA_OPTIONS = {
    actions: false, renderer: "svg", ast: true, defaultStyle: false, tooltip: { disableDefaultStyle: true }
  };
  var NO_DATA = "#d9d9d9";

  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function drawChart(el) {
    if (el.getAttribute("data-drawn") || typeof vegaEmbed === "undefined") { return; }
    var script = document.getElementById(el.getAttribute("data-spec"));
    if (!script) { return; }
    el.setAttribute("data-drawn", "1");
    vegaEmbed(el, JSON.parse(script.textContent), KANSRIJK_VEGA_OPTIONS).catch(function () {
      el.textContent = "De grafiek kon niet worden getekend; de cijfers staan in de tabel.";
    });
  }

  function initCharts() {
    var charts = document.querySelectorAll(".kr-chart[data-spec]");
    if (!("IntersectionObserver" in window)) { Array.prototype.forEach.call(charts, drawChart); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) { drawChart(e.target); observer.unobserve(e.target); } });
    }, { rootMargin: "200px" });
    Array.prototype.forEach.call(charts, function (el) { observer.observe(el); });
  }

  function sortTable(table, col, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var asc = th.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (a, b) {
      var x = a.cells[col].getAttribute("data-sort") || a.cells[col].textContent.trim();
      var y = b.cells[col].getAttribute("data-sort") || b.cells[col].textContent.trim();
      var nx = parseFloat(x), ny = parseFloat(y);
      var cmp = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "nl");
      return asc ? cmp : -cmp;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.querySelectorAll("th[aria-sort]"), function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var live = document.getElementById(table.getAttribute("data-live"));
    if (live) { live.textContent = "Gesorteerd op " + th.textContent.trim() + (asc ? ", oplopend" : ", aflopend"); }
  }

  function initSort(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table.kr-sortable"), function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
        var button = th.querySelector("button");
        if (button) { button.addEventListener("click", function () { sortTable(table, col, th); }); }
      });
    });
  }

  var map = null;
  function initMap() {
    var el = document.getElementById("wijk-map");
    if (!el || typeof L === "undefined") { return; }
    if (map) { map.remove(); map = null; }
    map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
    var zoom = map.zoomControl.getContainer();
    zoom.querySelector(".leaflet-control-zoom-in").setAttribute("aria-label", "Inzoomen");
    zoom.querySelector(".leaflet-control-zoom-out").setAttribute("aria-label", "Uitzoomen");
    fetch(el.getAttribute("data-geojson")).then(function (r) { return r.json(); }).then(function (data) {
      var unit = (data.indicator && data.indicator.eenheid) || "";
      var layer = L.geoJSON(data, {
        style: function (f) {
          return { fillColor: f.properties.kleur || NO_DATA, fillOpacity: 0.9, color: "#333", weight: 0.8 };
        },
        onEachFeature: function (f, lyr) {
          var p = f.properties;
          var text = "<strong>" + esc(p.naam) + "</strong> (" + esc(p.code) + ")<br>" +
            (p.waarde === null ? esc(p.opmerking) : esc(p.waarde_tekst) + " " + esc(unit) + " (" + esc(p.jaar) + ")" +
              (p.klasse ? "<br>klasse " + esc(p.klasse) : ""));
          lyr.bindTooltip(text, { sticky: true });
          lyr.on("mouseover", function () { lyr.setStyle({ weight: 3, color: "#000" }); });
          lyr.on("mouseout", function () { layer.resetStyle(lyr); });
        }
      }).addTo(map);
      if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds()); }
      el.setAttribute("data-loaded", String(data.features.length));
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initCharts(); initSort(document); initMap(); });
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.target && e.target.id === "wijk-panel") { initSort(e.target); initMap(); }
  });
})();
