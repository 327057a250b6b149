// The lesson's completion box follows the server: after something that may change it (a video that
// now counts, a reflection saved), refreshFinish fetches the box as the server renders it now, puts
// it in place with the module outline, and says what changed in a live region. Without this script the box is right after a reload.
(function () {
  'use strict';
  window.steun = window.steun || {};
  var busy = false;
  window.steun.refreshFinish = function (said) {
    var box = document.getElementById('afronden');
    if (!box || busy) return;
    busy = true;
    fetch(box.getAttribute('data-finish-url'), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(new Error(String(res.status))); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('afronden');
        var current = document.getElementById('afronden');
        if (!fresh || !current) return;
        var wasComplete = current.classList.contains('is-complete');
        current.replaceWith(document.importNode(fresh, true));
        // The module outline beside it says "afgerond" too, without a reload.
        var outline = doc.getElementById('lessen-in-module');
        var shownOutline = document.getElementById('lessen-in-module');
        if (outline && shownOutline) shownOutline.replaceWith(document.importNode(outline, true));
        var complete = fresh.classList.contains('is-complete');
        if (complete) {
          // The box now offers the next step; the pager need not offer it a second time.
          var pagerNext = document.querySelector('.pager a[rel="next"]');
          if (pagerNext) pagerNext.remove();
        }
        var status = document.getElementById('afronden-status');
        if (status) status.textContent = (said ? said + ' ' : '') + (complete && !wasComplete ? 'Je hebt deze les afgerond.' : '');
      })
      .catch(function () { /* the box stays as it was; a reload shows the server's state */ })
      .then(function () { busy = false; });
  };
})();
