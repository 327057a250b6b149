// Author pages while the server watches the course folder: ask every 1.5 s when the course was
// last compiled and reload after a new compile, keeping the scroll position and the keyboard focus,
// so a preview follows the author's editor. Without JavaScript the author reloads by hand.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="steun-compiled-at"]');
  if (!meta || !window.fetch) return;
  var key = 'steun-scroll:' + location.pathname;
  try {
    var saved = sessionStorage.getItem(key);
    var focused = sessionStorage.getItem(key + ':focus');
    sessionStorage.removeItem(key + ':focus');
    if (saved !== null) {
      sessionStorage.removeItem(key);
      window.scrollTo(0, Number(saved) || 0);
    }
    var target = focused ? document.getElementById(focused) : null;
    if (target) target.focus({ preventScroll: true });
  } catch (e) {
    /* storage blocked: the page starts at the top */
  }
  var busy = false;
  setInterval(function () {
    if (busy || document.hidden) return;
    busy = true;
    fetch('/author/live', { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (live) {
        if (!live || live.compiledAt === meta.getAttribute('content')) return;
        try {
          sessionStorage.setItem(key, String(window.scrollY));
          var active = document.activeElement;
          if (active && active.id) sessionStorage.setItem(key + ':focus', active.id);
        } catch (e) {
          /* reload without keeping the position */
        }
        location.reload();
      })
      .catch(function () {
        /* the server restarts or the network is gone: try again at the next tick */
      })
      .then(function () {
        busy = false;
      });
  }, 1500);
})();
