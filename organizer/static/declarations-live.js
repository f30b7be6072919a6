// The room's screen: fetch the live state every few seconds and update the page in place.
// (Without JavaScript, a <noscript> meta refresh reloads the page instead.)
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-live-url");
  var seconds = parseInt(body.getAttribute("data-refresh"), 10) || 4;
  if (!url || !window.fetch) { return; }
  function set(selector, text) {
    var node = document.querySelector(selector);
    if (node && text !== undefined && text !== null && node.textContent !== text) { node.textContent = text; }
  }
  function tick() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        set('[data-live="heading"]', state.heading);
        Object.keys(state.text).forEach(function (lang) {
          if (state.text[lang]) { set('[data-live-text="' + lang + '"]', state.text[lang]); }
        });
        var positions = document.querySelector('[data-live="positions"]');
        if (positions) {
          var prefix = positions.textContent.split(":")[0];
          set('[data-live="positions"]', prefix + ": " + state.positions_line);
        }
        set('[data-live="vote"]', state.vote ? state.vote.line : "");
      })
      .catch(function () { /* the next tick tries again */ })
      .then(function () { window.setTimeout(tick, seconds * 1000); });
  }
  window.setTimeout(tick, seconds * 1000);
})();
