/* The live map: folium's Leaflet map, drawn once, then recoloured, its tooltips and legend
 * rewritten and its selected area outlined in place whenever the app sends new paint or a new
 * selection. Plain JavaScript, no build step; it speaks Streamlit's component protocol.
 *
 * The app sends a base (the map) and a paint (colours, tooltips, legend) only when this page
 * has not had them yet; both are kept by id in the app's window, so a map drawn again after
 * moving between pages needs nothing sent. Whatever is missing is asked for.
 * Every text from the app is set as text, never as markup.
 */
(function () {
  "use strict";

  // Leaflet focuses the map on a press for its keyboard controls; in a frame, that focus
  // scrolls the app's page to bring the frame into view, between the press and the release,
  // so the first click on a map partly out of view became a drag and was lost. Focus without
  // scrolling instead (the keyboard controls stay).
  L.Map.Keyboard.prototype._onMouseDown = function () {
    if (!this._focused) { this._map._container.focus({preventScroll: true}); }
  };

  var NO_DATA = "#d9d9d9";
  var KEEP = 4; // bases and paints kept of each kind
  var root = document.getElementById("root");
  var cache = sharedCache();
  var shown = {base: null, paint: null, selected: null};
  var map = null; // what is drawn: {leaflet, areas, byCode, legend, outline, fill, tips, ...}
  var value = {};
  var asked = {key: null, at: 0};
  var height = 0;

  function post(type, extra) {
    var message = {isStreamlitMessage: true, type: type};
    Object.keys(extra || {}).forEach(function (k) { message[k] = extra[k]; });
    window.parent.postMessage(message, "*");
  }

  function send(change) {
    var next = {};
    Object.keys(value).forEach(function (k) { next[k] = value[k]; });
    Object.keys(change).forEach(function (k) { next[k] = change[k]; });
    value = next;
    post("streamlit:setComponentValue", {value: value, dataType: "json"});
  }

  function nonce() {
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }

  function sharedCache() { // made in the app's window, so that it outlives this frame
    var empty = {base: {}, paint: {}, order: {base: [], paint: []}, json: JSON};
    try {
      var app = window.parent;
      app.tciLiveMap = app.tciLiveMap || app.JSON.parse(
        '{"base": {}, "paint": {}, "order": {"base": [], "paint": []}}');
      app.tciLiveMap.json = app.JSON;
      return app.tciLiveMap;
    } catch (error) { // a parent of another origin: keep them here
      return empty;
    }
  }

  function remember(kind, item) {
    if (!item || cache[kind][item.id]) { return; }
    cache[kind][item.id] = cache.json.parse(JSON.stringify(item));
    cache.order[kind].push(item.id);
    while (cache.order[kind].length > KEEP) { delete cache[kind][cache.order[kind].shift()]; }
  }

  function ask(base, paint) {
    var key = (base || "") + "|" + (paint || "");
    if (asked.key === key && Date.now() - asked.at < 3000) { return; }
    asked = {key: key, at: Date.now()};
    send({need: {base: base || null, paint: paint || null, n: nonce()}});
  }

  var pending = null;

  function render(args) {
    if (args.height !== height) {
      height = args.height;
      root.style.height = height + "px";
      post("streamlit:setFrameHeight", {height: height});
    }
    if (!map && window.innerHeight < height - 1) { // draw once the frame has its height,
      pending = args; // so that the map never jumps under the pointer as it grows
      return;
    }
    remember("base", args.base);
    remember("paint", args.paint);
    var base = cache.base[args.base_id], paint = cache.paint[args.paint_id];
    if (!base || !paint) {
      ask(base ? null : args.base_id, paint ? null : args.paint_id);
      return;
    }
    if (shown.base !== base.id) {
      mount(base);
      shown = {base: base.id, paint: null, selected: null};
    }
    if (shown.paint !== paint.id) {
      repaint(paint);
      shown.paint = paint.id;
      root.setAttribute("data-paint", paint.id); // which paint is shown, for tests to see
    }
    if (shown.selected !== args.selected) {
      select(args.selected);
      shown.selected = args.selected;
    }
  }

  function mount(base) {
    if (map) { map.leaflet.remove(); }
    root.innerHTML = base.html; // folium's own markup of the map: no text from users
    var style = document.getElementById("tci-base-style") || document.createElement("style");
    style.id = "tci-base-style";
    style.textContent = base.style;
    document.head.appendChild(style);
    // folium's script runs in a scope of its own, so that a map drawn again (the same names)
    // or another map (other names) never meets the names of one drawn before
    var made = new Function(base.script + "\n;return [" + base.names.map + ", " +
                            base.names.areas + "];")();
    var leaflet = made[0], areas = made[1];
    map = {leaflet: leaflet, areas: areas, byCode: {}, fill: {}, tips: {}, fields: [],
           weight: base.public ? 1.2 : 0.6, public: base.public, outline: null,
           bounds: base.bounds, fitted: false, moved: false};
    window.tciMap = map; // what is drawn, for the browser tests to reach Leaflet's layers
    root.classList.toggle("tci-large", !!base.public);
    areas.eachLayer(function (layer) { map.byCode[layer.feature.properties.code] = layer; });
    areas.options.style = style_of; // what resetStyle goes back to
    areas.on("mouseover", function (e) {
      e.layer.setStyle({weight: 3, color: "#000000", fillOpacity: 0.95});
    });
    areas.on("mouseout", function (e) {
      areas.resetStyle(e.layer);
      if (map.outline) { map.outline.bringToFront(); }
    });
    areas.on("click", function (e) {
      var code = e.layer.feature.properties.code;
      select(code); // at once; the app confirms it with the profile
      shown.selected = code;
      send({click: {code: code, n: nonce()}});
    });
    areas.bindTooltip(function (layer) { return tip(layer.feature.properties.code); }, {
      sticky: true, direction: "auto", opacity: 1, offset: [14, 0],
      className: "tci-tip" + (base.public ? " tci-large" : "")});
    leaflet.on("tooltipopen", function (e) { inside(e.tooltip); clearControls(e.tooltip); });
    leaflet.on("tooltipclose", function () { clearControls(null); });
    leaflet.on("mousemove", function (e) { // sticky tooltips follow the pointer
      var open = areas.getTooltip();
      if (open && leaflet.hasLayer(open)) { inside(open); }
      clearControls(open && leaflet.hasLayer(open) ? open : null, e.originalEvent);
    });
    leaflet.on("resize", function () { if (!map.moved) { fit(); } }); // the frame's height set
    leaflet.on("dragstart", function () { map.moved = true; });
    leaflet.getContainer().addEventListener("wheel", function () { map.moved = true; });
    leaflet.getContainer().addEventListener("click", function (e) {
      if (e.target.closest(".leaflet-control-zoom")) { map.moved = true; }
    });
    map.legend = L.control({position: "bottomright"});
    map.legend.onAdd = function () {
      return L.DomUtil.create("div", "tci-legend" + (base.public ? " tci-large" : ""));
    };
    map.legend.addTo(leaflet);
  }

  function style_of(feature) {
    return {fillColor: map.fill[feature.properties.code] || NO_DATA, fillOpacity: 0.85,
            color: "#4d4d4d", weight: map.weight};
  }

  function repaint(paint) {
    map.fill = {};
    map.tips = {};
    paint.codes.forEach(function (code, i) {
      map.fill[code] = paint.fill[i];
      map.tips[code] = paint.tips[i];
    });
    map.fields = paint.fields;
    map.areas.setStyle(style_of);
    map.areas.closeTooltip();
    legend(paint.legend);
    if (map.outline) { map.outline.bringToFront(); }
    if (!map.fitted) { fit(); }
  }

  // All the areas in view and clear of the legend (beside it or above it, whichever lets
  // them be drawn larger), until the user moves the map.
  function fit() {
    var box = map.legend.getContainer(), leaflet = map.leaflet;
    leaflet.invalidateSize({pan: false});
    var size = leaflet.getSize(), bounds = L.latLngBounds(map.bounds);
    var beside = L.point(Math.min(box.offsetWidth + 12, size.x / 3), 8);
    var above = L.point(8, Math.min(box.offsetHeight + 12, size.y / 3));
    var corner = leaflet.getBoundsZoom(bounds, false, beside.add([8, 8])) >=
      leaflet.getBoundsZoom(bounds, false, above.add([8, 8])) ? beside : above;
    leaflet.fitBounds(bounds, {paddingTopLeft: [8, 8], paddingBottomRight: corner, animate: false});
    // a ward's name near the edge can reach past it: zoom out a little until every name fits
    for (var step = 0; step < 4 && labelsOut(); step++) {
      leaflet.setZoom(leaflet.getZoom() - 0.25, {animate: false});
    }
    map.fitted = true;
  }

  function labelsOut() {
    var frame = map.leaflet.getContainer().getBoundingClientRect();
    return Array.prototype.some.call(
      map.leaflet.getContainer().querySelectorAll(".tci-ward-label"), function (label) {
        var box = label.getBoundingClientRect();
        if (!box.width || label.style.visibility === "hidden") { return false; }  // not shown
        return box.left < frame.left + 2 || box.right > frame.right - 2 ||
          box.top < frame.top + 2 || box.bottom > frame.bottom - 2;
      });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function legend(spec) {
    var box = map.legend.getContainer();
    box.textContent = "";
    box.appendChild(element("div", "tci-legend-title", spec.title));
    box.appendChild(element("div", "tci-legend-note", spec.note));
    spec.rows.forEach(function (row) {
      var line = element("div");
      var swatch = element("span", "tci-swatch");
      swatch.style.background = row[0];
      line.appendChild(swatch);
      line.appendChild(document.createTextNode(row[1]));
      box.appendChild(line);
    });
  }

  function tip(code) {
    var values = map.tips[code] || [code];
    var box = element("div");
    box.appendChild(element("div", "tci-tip-title", values[0]));
    var table = element("table");
    map.fields.forEach(function (label, i) {
      var text = values[i + 1];
      if (text === undefined || text === "") { return; }
      var row = element("tr");
      row.appendChild(element("th", "", label));
      row.appendChild(element("td", "", text));
      table.appendChild(row);
    });
    box.appendChild(table);
    return box;
  }

  function inside(tooltip) { // keep an open tooltip inside the map, top to bottom
    var node = tooltip.getElement();
    if (!node || !tooltip.getLatLng()) { return; }
    var size = map.leaflet.getSize(), half = node.offsetHeight / 2;
    var y = map.leaflet.latLngToContainerPoint(tooltip.getLatLng()).y;
    var shift = 0;
    if (y - half < 4) { shift = 4 - (y - half); }
    else if (y + half > size.y - 4) { shift = size.y - 4 - (y + half); }
    var offset = L.point(tooltip.options.offset);
    if (Math.abs(offset.y - shift) > 0.5) {
      tooltip.options.offset = [offset.x, shift];
      tooltip.update();
    }
  }

  function meets(a, b) {
    return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
  }

  // A control under an open tooltip fades and lets the pointer through to the map;
  // pointing at the control itself gives it back.
  function clearControls(tooltip, pointer) {
    var node = tooltip && tooltip.getElement(), box = node && node.getBoundingClientRect();
    var at = pointer && new DOMRect(pointer.clientX, pointer.clientY, 0, 0);
    map.leaflet.getContainer().querySelectorAll(".leaflet-control").forEach(function (control) {
      var own = control.getBoundingClientRect();
      var fade = !!box && meets(box, own) && !(at && meets(at, own));
      control.style.opacity = fade ? "0.15" : "";
      control.style.pointerEvents = fade ? "none" : "";
    });
  }

  function select(code) {
    if (map.outline) { map.leaflet.removeLayer(map.outline); map.outline = null; }
    var layer = code ? map.byCode[code] : null;
    if (!layer) { return; }
    map.outline = L.geoJSON(layer.feature, {interactive: false,
      style: {fill: false, color: "#e6007e", weight: map.public ? 6 : 4}}).addTo(map.leaflet);
  }

  function closeTips() { // the pointer left the map (for a menu, say): no tooltip stays behind
    if (map) { map.areas.closeTooltip(); clearControls(null); }
  }

  window.addEventListener("resize", function () {
    if (pending && window.innerHeight >= height - 1) {
      var args = pending;
      pending = null;
      render(args);
    }
  });
  document.documentElement.addEventListener("mouseleave", closeTips);
  window.addEventListener("blur", closeTips);
  window.addEventListener("message", function (event) {
    if (event.data && event.data.type === "streamlit:render") { render(event.data.args); }
  });
  post("streamlit:componentReady", {apiVersion: 1});
})();
