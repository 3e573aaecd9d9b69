// The report list's and the queue's map view: loaded when opened, the same reports as the list
// (the server applies the filters and visibility), each pin linking to its report.
(function () {
  "use strict";
  document.querySelectorAll(".report-map-toggle").forEach(function (toggle) {
    var element = toggle.querySelector(".report-map");
    var status = toggle.querySelector(".report-map-status");
    var map = null;
    toggle.addEventListener("toggle", function () {
      if (!toggle.open || map || typeof L === "undefined") return;
      var centre = (element.dataset.centre || "59.17,18.14").split(",").map(Number);
      map = L.map(element).setView(centre, 12);
      if (element.dataset.tiles) {
        L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution }).addTo(map);
      }
      fetch(element.dataset.areas, { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (data) {
          L.geoJSON(data, { style: { color: "#1d4f91", weight: 2, fillOpacity: 0.05 }, interactive: false }).addTo(map);
        }).catch(function () {});
      var embedded = element.dataset.pointsScript && document.getElementById(element.dataset.pointsScript);
      var points = embedded
        ? Promise.resolve({ points: JSON.parse(embedded.textContent), total: null })
        : fetch(element.dataset.points, { credentials: "same-origin" }).then(function (r) { return r.json(); });
      points.then(function (data) {
          var bounds = [];
          data.points.forEach(function (point) {
            var link = document.createElement("a");
            link.href = point.url;
            link.textContent = point.label;
            L.circleMarker([point.lat, point.lon], { radius: 6, color: point.status === "resolved" ? "#2e7d32" : "#b71c1c" })
              .bindPopup(link).addTo(map);
            bounds.push([point.lat, point.lon]);
          });
          if (bounds.length) map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] });
          if (data.total !== null) status.textContent = (element.dataset.shown || "")
            .replace("{shown}", data.points.length).replace("{total}", data.total);
        }).catch(function () {});
    });
  });
})();
