// A Leaflet map over world-atlas country outlines (no tile server), shared by the pages that map
// records. Markers get their tooltip as an element built from text, never as an HTML string.
(function () {
  'use strict';
  var U = window.Unity;
  // Every page that loads this file draws a map: the outlines are asked for at once, beside the page's own queries.
  var outlinesJson = fetch('/assets/countries-110m.json').then(function (response) {
    if (!response.ok) throw new Error('country outlines: ' + response.status);
    return response.json();
  });

  /** Creates the map in `elementId`; resolves once the country outlines are drawn. */
  function worldMap(elementId, view) {
    var map = L.map(elementId, { zoomSnap: 0.25, worldCopyJump: true, minZoom: 2, maxZoom: 10 });
    map.attributionControl.setPrefix('Leaflet');
    map.attributionControl.addAttribution('Country outlines: Natural Earth, via world-atlas');
    map.setView(view || [29, -104], 4);
    var outlines = outlinesJson.then(function (world) {
      L.geoJSON(topojson.feature(world, world.objects.countries), {
        interactive: false,
        style: function () { return { className: 'country', color: '#9aa5b5', weight: 0.7, fillColor: '#f4f1ea', fillOpacity: 1 }; },
      }).addTo(map).bringToBack();
      return map;
    });
    return { map: map, outlines: outlines };
  }

  /** A circle marker whose tooltip shows `lines` (text) and whose click opens `href`. */
  function marker(latLng, options, lines, href) {
    var tip = U.el('div', { className: 'marker-tip' }, lines.map(function (line, index) {
      return U.el(index ? 'div' : 'strong', { text: line });
    }));
    var circle = L.circleMarker(latLng, {
      radius: options.radius || 6, weight: 1.5, color: '#fff', fillColor: options.color || '#333', fillOpacity: 0.9, className: options.className || 'record-marker',
    }).bindTooltip(tip);
    if (href) circle.on('click', function () { location.href = href; });
    return circle;
  }

  U.worldMap = worldMap;
  U.marker = marker;
})();
