// The graphic view: asks the server for an SVG of the visible window only, so a megabase record is never
// loaded whole. Buttons, the mouse wheel (zoom about the pointer) and dragging (pan) change the window.
(function () {
  "use strict";
  var box = document.getElementById("graphic");
  if (!box) return;
  var length = parseInt(box.dataset.length, 10);
  var from = parseInt(box.dataset.from, 10), to = parseInt(box.dataset.to, 10);
  var pending = null;

  function clamp() {
    var span = Math.max(50, Math.min(length, to - from + 1));
    if (from < 1) from = 1;
    to = from + span - 1;
    if (to > length) { to = length; from = Math.max(1, to - span + 1); }
  }
  function load() {
    clamp();
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(box.dataset.src + "?from=" + from + "&to=" + to, { signal: pending.signal })
      .then(function (r) { return r.text(); })
      .then(function (svg) {
        box.innerHTML = svg;
        history.replaceState(null, "", "?report=graphic&from=" + from + "&to=" + to);
      })
      .catch(function () {});
  }
  function zoom(factor, centre) {
    var span = to - from + 1;
    centre = centre || (from + span / 2);
    var next = Math.round(span * factor);
    from = Math.round(centre - (centre - from) * next / span);
    to = from + next - 1;
    load();
  }
  function pan(fraction) {
    var shift = Math.round((to - from + 1) * fraction);
    from += shift; to += shift; load();
  }
  document.querySelectorAll(".graphic-controls button").forEach(function (b) {
    b.addEventListener("click", function () {
      var act = b.dataset.act;
      if (act === "in") zoom(0.5);
      else if (act === "out") zoom(2);
      else if (act === "left") pan(-0.4);
      else if (act === "right") pan(0.4);
      else { from = 1; to = length; load(); }
    });
  });
  box.addEventListener("wheel", function (e) {
    e.preventDefault();
    var rect = box.getBoundingClientRect();
    var centre = from + (to - from + 1) * ((e.clientX - rect.left) / rect.width);
    zoom(e.deltaY < 0 ? 0.7 : 1.4, centre);
  }, { passive: false });
  var dragX = null;
  box.addEventListener("mousedown", function (e) { dragX = e.clientX; });
  window.addEventListener("mouseup", function (e) {
    if (dragX === null) return;
    var dx = e.clientX - dragX; dragX = null;
    if (Math.abs(dx) > 3) pan(-dx / box.getBoundingClientRect().width);
  });
  load();
})();
