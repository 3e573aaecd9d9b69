// The felanmälan map: a pin fills the latitude and longitude fields (which also work typed by hand),
// area outlines come from the hub, tiles only if a tile server is set. Open reports nearby are fetched
// as HTML ("Redan anmält? Följ det ärendet") when the pin or the category changes.
(function () {
  "use strict";
  var element = document.getElementById("intake-map");
  var form = document.querySelector(".intake-form");
  if (!element || !form) return;
  var latInput = form.querySelector("[name=latitude]");
  var lonInput = form.querySelector("[name=longitude]");
  var category = form.querySelector("[name=category]");
  var nearbyBox = document.getElementById("nearby");
  var status = document.getElementById("map-status");

  function showNearby() {
    if (!latInput.value || !lonInput.value || !category.value) { nearbyBox.innerHTML = ""; return; }
    var url = form.dataset.nearbyUrl + "?" + new URLSearchParams({
      category: category.value, latitude: latInput.value, longitude: lonInput.value
    });
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) { nearbyBox.innerHTML = html; }).catch(function () {});
  }
  category.addEventListener("change", showNearby);
  latInput.addEventListener("change", showNearby);
  lonInput.addEventListener("change", showNearby);

  if (typeof L === "undefined") return;
  var centre = (element.dataset.centre || "59.17,18.14").split(",").map(Number);
  var map = L.map(element, { keyboard: true }).setView(centre, 13);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution }).addTo(map);
  }
  fetch(element.dataset.areas, { credentials: "same-origin" }).then(function (r) { return r.json(); })
    .then(function (data) {
      if (!data.features.length) return;
      var outlines = L.geoJSON(data, {
        interactive: false,
        style: function (feature) {
          var slug = String(feature.properties.name).toLowerCase().replace(/[^a-z0-9]+/g, "-");
          return { color: "#1d4f91", weight: 2, fillOpacity: 0.05, className: "area-outline area-" + slug };
        }
      });
      outlines.addTo(map);
      if (!latInput.value) map.fitBounds(outlines.getBounds());
    }).catch(function () {});
  var marker = null;
  function place(latlng) {
    if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng, { draggable: true, keyboard: true }).addTo(map);
    marker.off("dragend").on("dragend", function () { place(marker.getLatLng()); });
    latInput.value = latlng.lat.toFixed(6);
    lonInput.value = latlng.lng.toFixed(6);
    status.textContent = element.getAttribute("data-placed") || "";
    showNearby();
  }
  if (latInput.value && lonInput.value) {
    place(L.latLng(Number(latInput.value.replace(",", ".")), Number(lonInput.value.replace(",", "."))));
    map.setView(marker.getLatLng(), 16);
  }
  map.on("click", function (event) { place(event.latlng); });
})();
