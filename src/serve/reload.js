// inolab serve: live reload and the build-error overlay. Injected only by
// `inolab serve` (never into built pages), as an external file so it runs
// under a strict Content-Security-Policy.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var OVERLAY = "__inolab-overlay";
  var generation = null;
  var dismissed = null;

  // The output file this page was served from ("a/" -> "a/index.html").
  function pagePath() {
    var p = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    if (p === "" || p.charAt(p.length - 1) === "/") p += "index.html";
    return p;
  }

  function removeOverlay() {
    var o = document.getElementById(OVERLAY);
    if (o) o.parentNode.removeChild(o);
  }

  function showOverlay(text) {
    if (dismissed === text) return;
    removeOverlay();
    var box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", OVERLAY + "-title");
    box.tabIndex = -1;
    var s = box.style;
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0";
    s.maxHeight = "60vh"; s.overflow = "auto"; s.zIndex = "2147483647";
    s.background = "#1d1d1d"; s.color = "#fafafa"; s.padding = "1rem 1.25rem";
    s.borderTop = "4px solid #d7263d"; s.font = "14px/1.45 system-ui, sans-serif";
    s.boxShadow = "0 -4px 16px rgba(0,0,0,.4)";
    var h = document.createElement("h2");
    h.id = OVERLAY + "-title";
    h.textContent = "Build failed — the last good version of the site is shown";
    h.style.margin = "0 0 .5rem"; h.style.fontSize = "1.1rem";
    var pre = document.createElement("pre");
    pre.textContent = text; // textContent: never interpreted as HTML
    pre.style.whiteSpace = "pre-wrap"; pre.style.margin = "0 0 .75rem";
    pre.style.font = "13px/1.4 ui-monospace, monospace";
    var btn = document.createElement("button");
    btn.type = "button";
    btn.textContent = "Dismiss (Esc)";
    btn.style.font = "inherit"; btn.style.padding = ".3rem .8rem";
    btn.addEventListener("click", function () { dismissed = text; removeOverlay(); });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape" || e.key === "Esc") { dismissed = text; removeOverlay(); }
    });
    box.appendChild(h); box.appendChild(pre); box.appendChild(btn);
    document.body.appendChild(box);
    box.focus();
  }

  // Re-fetch only the changed stylesheets, without reloading the page.
  function swapStyles(changed) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    var swapped = false;
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin !== location.origin) continue;
      var path = decodeURIComponent(url.pathname).replace(/^\/+/, "");
      if (changed.indexOf(path) < 0) continue;
      url.searchParams.set("__inolab", String(Date.now()));
      links[i].href = url.toString();
      swapped = true;
    }
    return swapped;
  }

  function onBuild(msg) {
    if (msg.error) { showOverlay(msg.error); return; }
    var hadOverlay = !!document.getElementById(OVERLAY);
    removeOverlay();
    dismissed = null;
    var changed = msg.changed || [];
    if (msg.all) { location.reload(); return; }
    if (changed.indexOf(pagePath()) >= 0) { location.reload(); return; }
    var onlyCss = changed.length > 0 && changed.every(function (p) { return /\.css$/.test(p); });
    if (onlyCss) { swapStyles(changed); return; }
    // Scripts, images or fonts changed: reload to be safe.
    var other = changed.some(function (p) { return !/\.(html|xml|json|csv|bin|txt)$/.test(p); });
    if (other || hadOverlay && changed.length) location.reload();
  }

  var es = new EventSource("/__inolab/events");
  es.addEventListener("hello", function (e) {
    var msg = JSON.parse(e.data);
    // Reconnected to a server that has built since: we may have missed it.
    if (generation !== null && msg.generation !== generation) { location.reload(); return; }
    generation = msg.generation;
    if (msg.error) showOverlay(msg.error);
  });
  es.addEventListener("build", function (e) {
    var msg = JSON.parse(e.data);
    generation = msg.generation;
    onBuild(msg);
  });
})();
