// The admin's map point picker (partners/widgets.py): a click on the map fills in the latitude
// and longitude inputs; typed coordinates move the marker. The inputs work without this.
(function () {
  "use strict";
  function init(box) {
    if (!window.L) return;
    var latInput = document.getElementById(box.dataset.for);
    var form = latInput && latInput.form;
    var lonInput = form && form.querySelector('input[name$="longitude"]');
    if (!lonInput) return;
    box.hidden = false;
    var map = L.map(box).setView([64.5, 26.0], 5);
    L.tileLayer(box.dataset.tiles, { maxZoom: 18, attribution: box.dataset.attribution }).addTo(map);
    var marker = null;
    function place(lat, lon, pan) {
      if (marker) marker.setLatLng([lat, lon]);
      else marker = L.marker([lat, lon], { keyboard: false }).addTo(map);
      if (pan) map.setView([lat, lon], Math.max(map.getZoom(), 12));
    }
    function fromInputs(pan) {
      var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
      if (!isNaN(lat) && !isNaN(lon)) place(lat, lon, pan);
    }
    map.on("click", function (event) {
      latInput.value = event.latlng.lat.toFixed(5);
      lonInput.value = event.latlng.lng.toFixed(5);
      latInput.dispatchEvent(new Event("input", { bubbles: true }));
      lonInput.dispatchEvent(new Event("input", { bubbles: true }));
      place(event.latlng.lat, event.latlng.lng, false);
    });
    latInput.addEventListener("change", function () { fromInputs(true); });
    lonInput.addEventListener("change", function () { fromInputs(true); });
    fromInputs(true);
  }
  function start() {
    document.querySelectorAll("[data-map-point-picker]").forEach(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
