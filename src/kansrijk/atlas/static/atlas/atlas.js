/* Atlas pages: sortable tables and the Leaflet choropleth (no tiles; the table beside it has every value). */
(function () {
  "use strict";
  var BREAKS = [3, 5, 7, 9, 12];
  var COLOURS = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  var NO_ESTIMATE = "#d9d9d9"; // a wijk where nobody lives has no estimate (aandeel is null)

  function colour(pct) {
    if (pct === null || pct === undefined) { return NO_ESTIMATE; }
    for (var i = 0; i < BREAKS.length; i++) { if (pct < BREAKS[i]) { return COLOURS[i]; } }
    return COLOURS[COLOURS.length - 1];
  }
  function nl(x) { return String(x).replace(".", ","); }
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
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

  function initSort() {
    Array.prototype.forEach.call(document.querySelectorAll("table.kr-sortable"), function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
        var button = th.querySelector("button");
        if (button) { button.addEventListener("click", function () { sortTable(table, col, th); }); }
      });
    });
  }

  function initMap() {
    var el = document.getElementById("atlas-map");
    if (!el || typeof L === "undefined") { return; }
    // One tab stop for the whole map (issue 10): Leaflet's own arrow-key panning is off; the arrows
    // walk the areas in alphabetical order, Enter opens the chosen municipality, and a live region
    // says which area is chosen. The table below the map holds the same figures.
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, keyboard: false });
    el.setAttribute("tabindex", "0");
    var status = document.createElement("p");
    status.className = "kr-visually-hidden";
    status.setAttribute("aria-live", "polite");
    el.parentNode.insertBefore(status, el.nextSibling);
    var items = [];
    map.zoomControl.getContainer().querySelector(".leaflet-control-zoom-in").setAttribute("title", "Inzoomen");
    map.zoomControl.getContainer().querySelector(".leaflet-control-zoom-in").setAttribute("aria-label", "Inzoomen");
    map.zoomControl.getContainer().querySelector(".leaflet-control-zoom-out").setAttribute("title", "Uitzoomen");
    map.zoomControl.getContainer().querySelector(".leaflet-control-zoom-out").setAttribute("aria-label", "Uitzoomen");
    fetch(el.getAttribute("data-geojson")).then(function (r) { return r.json(); }).then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) {
          return { fillColor: colour(f.properties.aandeel), fillOpacity: 0.9, color: "#333", weight: 0.8 };
        },
        onEachFeature: function (f, lyr) {
          var p = f.properties;
          var text = p.aandeel === null
            ? "<strong>" + esc(p.naam) + "</strong><br>" + esc(p.geen_schatting)
            : "<strong>" + esc(p.naam) + "</strong><br>" +
              "Geschat aandeel: " + nl(p.aandeel) + "%<br>90%-interval: " + nl(p.ondergrens) + "–" +
              nl(p.bovengrens) + "%<br>Verwacht aantal: " + esc(p.aantal) + "<br><em>Schatting, geen telling</em>";
          lyr.bindTooltip(text, { sticky: true, className: "kr-atlas-tooltip" });
          lyr.on("mouseover", function () { lyr.setStyle({ weight: 3, color: "#000" }); });
          lyr.on("mouseout", function () { layer.resetStyle(lyr); });
          var link = el.getAttribute("data-link");
          if (link) { lyr.on("click", function () { window.location.href = link.replace("CODE", p.code); }); }
          items.push({ lyr: lyr, p: p });
        }
      }).addTo(map);
      items.sort(function (a, b) { return String(a.p.naam).localeCompare(String(b.p.naam), "nl"); });
      var current = -1;
      var link = el.getAttribute("data-link");
      function choose(step) {
        if (current >= 0) { layer.resetStyle(items[current].lyr); items[current].lyr.closeTooltip(); }
        current = (current + step + items.length) % items.length;
        var it = items[current];
        it.lyr.setStyle({ weight: 3, color: "#000" });
        it.lyr.openTooltip(it.lyr.getBounds().getCenter());
        el.setAttribute("data-chosen", it.p.code);
        var said = it.p.aandeel === null ? ": " + it.p.geen_schatting : ": geschat " + nl(it.p.aandeel) + "%";
        status.textContent = it.p.naam + said + (link ? ". Enter opent deze gemeente." : ".");
      }
      el.addEventListener("keydown", function (e) {
        if (!items.length) { return; }
        if (e.key === "ArrowRight" || e.key === "ArrowDown") { choose(1); }
        else if (e.key === "ArrowLeft" || e.key === "ArrowUp") { choose(-1); }
        else if (e.key === "Enter" && link && current >= 0) { window.location.href = link.replace("CODE", items[current].p.code); }
        else { return; }
        e.preventDefault();
      });
      if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds()); }
      el.setAttribute("data-loaded", String(data.features.length));
    });
  }

  // The national table filters by name or code as you type (issue 10), ignoring case and accents.
  function fold(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function initFilter() {
    var input = document.getElementById("atlas-filter");
    if (!input) { return; }
    input.closest(".kr-atlas-filter").hidden = false;
    var table = document.getElementById(input.getAttribute("data-table"));
    var live = document.getElementById(input.getAttribute("data-live"));
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var match = !wanted || fold(row.cells[0].textContent + " " + row.cells[1].textContent).indexOf(wanted) !== -1;
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (live) { live.textContent = shown + (shown === 1 ? " gemeente" : " gemeenten") + " in de tabel."; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initSort(); initFilter(); initMap(); });
})();
