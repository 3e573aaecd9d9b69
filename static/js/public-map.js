// The public map: area outlines, then the reports in view as server-side grid clusters (a count)
// and single pins, fetched again when the view moves. Tiles only if a tile server is set.
(function () {
  "use strict";
  var element = document.getElementById("public-map");
  if (!element || typeof L === "undefined") return;
  var centre = (element.dataset.centre || "59.17,18.14").split(",").map(Number);
  var map = L.map(element).setView(centre, 12);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution }).addTo(map);
  }
  fetch(element.dataset.areas).then(function (r) { return r.json(); }).then(function (data) {
    if (!data.features.length) return;
    var outlines = L.geoJSON(data, { style: { color: "#1d4f91", weight: 2, fillOpacity: 0.05 }, interactive: false });
    outlines.addTo(map);
    map.fitBounds(outlines.getBounds());
  }).catch(function () {});
  var layer = L.layerGroup().addTo(map);
  var pending = 0;
  function load() {
    var b = map.getBounds();
    var query = new URLSearchParams({
      zoom: map.getZoom(),
      bbox: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map(function (v) { return v.toFixed(5); }).join(",")
    });
    var ticket = ++pending;
    fetch(element.dataset.points + "?" + query).then(function (r) { return r.json(); }).then(function (data) {
      if (ticket !== pending) return;
      layer.clearLayers();
      data.clusters.forEach(function (c) {
        var size = 24 + Math.min(24, Math.round(Math.log(c.count) * 4));
        L.marker([c.lat, c.lon], {
          icon: L.divIcon({ className: "map-cluster", html: String(c.count), iconSize: [size, size] }),
          title: c.count + ""
        }).on("click", function () { map.setView([c.lat, c.lon], map.getZoom() + 2); }).addTo(layer);
      });
      data.points.forEach(function (p) {
        L.circleMarker([p.lat, p.lon], { radius: 6, color: p.status === "resolved" ? "#2e7d32" : "#b71c1c" })
          .addTo(layer);
      });
      var reports = data.points.length + data.clusters.reduce(function (sum, c) { return sum + c.count; }, 0);
      element.dispatchEvent(new CustomEvent("samverkan:map-drawn", {
        detail: { zoom: map.getZoom(), clusters: data.clusters.length, points: data.points.length, reports: reports }
      }));
    }).catch(function () {});
  }
  map.on("moveend", load);
  load();
})();
