// The finder's "nearest to me" button: asks the browser for the location only when pressed,
// rounds it to about 1 km and sends it with the search form (as GET parameters lat and lon).
// Without JavaScript the button stays hidden and a municipality can be chosen instead.
(function () {
  "use strict";
  var button = document.querySelector("[data-nearest-me]");
  if (!button || !("geolocation" in navigator)) return;
  var form = button.form;
  var status = document.getElementById(button.dataset.status);
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.asking;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(2);
        form.elements.lon.value = position.coords.longitude.toFixed(2);
        form.elements.sort.value = "near";
        form.elements.near.value = "";
        form.submit();
      },
      function () {
        status.textContent = button.dataset.failed;
      },
      { maximumAge: 600000, timeout: 15000 }
    );
  });
})();
