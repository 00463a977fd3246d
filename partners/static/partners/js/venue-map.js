// The venue map below a list of venues (partners/templatetags/partners_maps.py). The list says
// everything; the map, shown only when asked for, shows where the same venues are, each point
// linking to its page. Leaflet (our own static copy) and the map tiles load only then, so the
// list's page stays light.
(function () {
  "use strict";
  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }
  function leaflet(wrap) {
    if (window.L) return Promise.resolve();
    return Promise.all([
      load("link", { rel: "stylesheet", href: wrap.dataset.leafletCss }),
      load("link", { rel: "stylesheet", href: wrap.dataset.mapCss }),
      load("script", { src: wrap.dataset.leafletJs }),
    ]);
  }
  function draw(wrap, box) {
    var points = JSON.parse(document.getElementById(wrap.dataset.points).textContent);
    var map = L.map(box, { zoomControl: false, scrollWheelZoom: false });
    L.control.zoom({ zoomInTitle: wrap.dataset.zoomIn, zoomOutTitle: wrap.dataset.zoomOut }).addTo(map);
    L.tileLayer(wrap.dataset.tiles, {
      maxZoom: 18,
      attribution: wrap.dataset.attribution,
      // Only the site's origin goes to the tile server, never the finder's address.
      referrerPolicy: "strict-origin",
    }).addTo(map);
    var bounds = [];
    points.forEach(function (point) {
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.title;
      L.marker([point.lat, point.lon], { title: point.title, alt: point.title })
        .bindPopup(link)
        .addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    map.fitBounds(bounds, { maxZoom: 13, padding: [24, 24] });
  }
  function init(wrap) {
    var controls = wrap.querySelector("[data-venue-map-controls]");
    var button = controls.querySelector("button");
    var box = wrap.querySelector(".venue-map");
    var note = wrap.querySelector(".venue-map__note");
    var drawn = false;
    controls.hidden = false;
    button.addEventListener("click", function () {
      var show = box.hidden;
      button.disabled = true;
      (show && !drawn ? leaflet(wrap) : Promise.resolve())
        .then(function () {
          box.hidden = note.hidden = !show;
          if (show && !drawn) {
            draw(wrap, box);
            drawn = true;
          }
          button.setAttribute("aria-expanded", String(show));
          button.textContent = show ? button.dataset.hide : button.dataset.show;
        })
        .finally(function () { button.disabled = false; });
    });
  }
  function start() {
    document.querySelectorAll("[data-venue-map]").forEach(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
