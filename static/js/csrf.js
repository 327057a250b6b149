// Shared by the page scripts: the CSRF token and a JSON/form sender that survives page unloads.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  window.steun = window.steun || {};
  window.steun.csrf = meta ? meta.getAttribute('content') : '';
  window.steun.postJson = function (url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: true,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': window.steun.csrf, Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  };
})();
