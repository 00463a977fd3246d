// Camera scanning for the registry's desks (progressive enhancement; the typed field always works).
// Uses the browser's BarcodeDetector (QR code and Code 39) when it exists; fills the typed field
// with the number read and stops. Nothing is sent anywhere by this script.
(function () {
  "use strict";
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return; // the scanner stays hidden: type the number
  }
  var NUMBER = /^[A-Z][0-9]{9}$/;

  function setUp(box, formats) {
    var input = document.getElementById(box.getAttribute("data-scanner-for"));
    if (!input) { return; }
    var start = box.querySelector(".registry-scanner__start");
    var stop = box.querySelector(".registry-scanner__stop");
    var video = box.querySelector("video");
    var status = box.querySelector(".registry-scanner__status");
    var detector = new window.BarcodeDetector({ formats: formats });
    var stream = null;
    var timer = null;

    function finish() {
      if (timer) { window.clearTimeout(timer); timer = null; }
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
      video.hidden = true;
      stop.hidden = true;
      start.hidden = false;
    }

    function scan() {
      detector.detect(video).then(function (codes) {
        for (var i = 0; i < codes.length; i += 1) {
          var value = (codes[i].rawValue || "").replace(/[\s*-]/g, "").toUpperCase();
          if (NUMBER.test(value)) {
            input.value = value;
            status.textContent = status.getAttribute("data-found-text");
            finish();
            input.focus();
            return;
          }
        }
        timer = window.setTimeout(scan, 200);
      }).catch(function () { timer = window.setTimeout(scan, 400); });
    }

    start.addEventListener("click", function () {
      status.textContent = "";
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        start.hidden = true;
        stop.hidden = false;
        return video.play();
      }).then(scan).catch(function () {
        status.textContent = status.getAttribute("data-error-text");
        finish();
      });
    });
    stop.addEventListener("click", finish);
    box.hidden = false;
  }

  window.BarcodeDetector.getSupportedFormats().then(function (supported) {
    var formats = ["qr_code", "code_39"].filter(function (f) { return supported.indexOf(f) !== -1; });
    if (!formats.length) { return; }
    document.querySelectorAll(".registry-scanner[data-scanner-for]").forEach(function (box) {
      setUp(box, formats);
    });
  }).catch(function () { /* no scanning: type the number */ });
}());
