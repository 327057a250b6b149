// Active study time on a lesson page: counted while the page is visible and the teacher did
// something in the last minute (or a video plays), sent about every minute and when leaving.
(function () {
  'use strict';
  var main = document.querySelector('[data-lesson-key]');
  if (!main) return;
  var lesson = main.getAttribute('data-lesson-key');
  var lastActivity = Date.now();
  var unsent = 0;
  ['mousemove', 'keydown', 'scroll', 'touchstart', 'click'].forEach(function (type) {
    window.addEventListener(type, function () { lastActivity = Date.now(); }, { passive: true });
  });
  function videoPlaying() {
    return Array.prototype.some.call(document.querySelectorAll('video'), function (v) { return !v.paused && !v.ended; });
  }
  setInterval(function () {
    if (document.visibilityState === 'visible' && (Date.now() - lastActivity < 60000 || videoPlaying())) unsent += 5;
  }, 5000);
  function flush() {
    if (unsent <= 0) return;
    var seconds = unsent;
    unsent = 0;
    window.steun.postJson('/api/progress/time', { lesson: lesson, seconds: seconds }).catch(function () { unsent += seconds; });
  }
  setInterval(flush, 60000);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') flush(); });
  window.addEventListener('pagehide', flush);
})();
