// Shared by the page scripts: the CSRF token and a JSON/form sender that survives page unloads.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  window.steun = window.steun || {};
  window.steun.csrf = meta ? meta.getAttribute('content') : '';
  function send(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: true,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': window.steun.csrf, Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  }
  /** Beacons (video, study time): once more with the session's new token if the page's is older than the session. */
  window.steun.postJson = function (url, body) {
    return send(url, body).then(function (res) {
      if (res.status !== 403) return res;
      return window.steun.freshToken().then(function (fresh) { return fresh ? send(url, body) : res; });
    });
  };
  /**
   * The page's token is older than the session (the teacher signed in again in another tab): fetch
   * this page afresh and take its token, for the scripts and for every form on the page. Resolves
   * true when a new token came; false when none did (the session has ended: the sign-in page came).
   */
  var refreshing = null;
  window.steun.freshToken = function () {
    // Once per page: a 403 that a new token does not cure (a lock, say) must not fetch the page again and again.
    if (refreshing) return refreshing;
    return (refreshing = fetch(location.pathname + location.search, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) { return res.ok ? res.text() : ''; })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('meta[name="csrf-token"]');
        var token = fresh && fresh.getAttribute('content');
        if (!token) { refreshing = null; return false; }
        window.steun.csrf = token;
        document.querySelectorAll('input[name="_csrf"]').forEach(function (input) { input.value = token; });
        return true;
      }, function () { refreshing = null; return false; }));
  };
})();
