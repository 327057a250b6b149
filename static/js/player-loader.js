// A lesson's videos start as stand-ins: the poster and a play button (views/course/_video.ejs), so a
// page load spends nothing on them, not even the browser's own <video> element. The player itself
// waits in a <noscript> beside each stand-in (where it is the player for browsers without scripts).
// A stand-in becomes the browser's player, and then video.js with its style sheet and our progress
// reports (video-progress.js, fetched once for all), when it is clicked (or Enter or Space: it plays),
// or when it is in view once the page is interactive and the teacher is using it (she moves the
// pointer, scrolls, types or touches), so a player further down costs nothing until she gets there.
// The files are named on each <video> (data-player-css, data-player-js: content-hashed URLs).
(function () {
  'use strict';
  var standins = document.querySelectorAll('.lesson-video button.video-standin');
  if (!standins.length) return;
  var files = null;

  function addScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      // Dynamically inserted scripts run in the order inserted only when not async.
      s.async = false;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(s);
    });
  }

  function addStyle(href) {
    return new Promise(function (resolve) {
      var l = document.createElement('link');
      l.rel = 'stylesheet';
      l.href = href;
      // A style sheet that fails still leaves a working (unstyled) player rather than none.
      l.onload = l.onerror = function () { resolve(); };
      document.head.appendChild(l);
    });
  }

  function load(video) {
    if (!files) {
      var scripts = video.getAttribute('data-player-js').split(' ');
      files = Promise.all([addStyle(video.getAttribute('data-player-css'))].concat(scripts.map(addScript))).catch(function (err) {
        // A fetch that failed (the connection dropped) is tried again for the next player.
        files = null;
        throw err;
      });
    }
    return files;
  }

  /** The browser's player in place of the stand-in, made from the <noscript> before it. */
  function playerFor(standin) {
    var kept = standin.parentNode.querySelector('noscript');
    var template = document.createElement('template');
    template.innerHTML = kept ? kept.textContent : '';
    var video = template.content.querySelector('video');
    if (!video) return null;
    standin.parentNode.replaceChild(video, standin);
    return video;
  }

  var observer = null;
  /** `play`: the teacher asked for the video (a click, Enter or Space): it plays at once. */
  function setUp(standin, play) {
    if (standin.steunPlayer) return;
    standin.steunPlayer = true;
    if (observer) observer.unobserve(standin);
    var hadFocus = document.activeElement === standin;
    var video = playerFor(standin);
    if (!video) return;
    // Until video.js takes over (or if it cannot be fetched), the browser's player has the focus.
    if (hadFocus) video.focus({ preventScroll: true });
    if (play) {
      // It starts where the teacher stopped (video.js would move there only once it is set up).
      var at = parseFloat(video.getAttribute('data-position') || '0');
      if (at > 1) {
        video.currentTime = at;
        video.addEventListener('loadedmetadata', function () { if (at >= video.duration - 3) video.currentTime = 0; }, { once: true });
      }
      var started = video.play();
      if (started && started.catch) started.catch(function () { /* the player's own button stays */ });
    }
    load(video).then(function () {
      // (video-progress.js moves the focus only if the teacher has not put it elsewhere meanwhile.)
      if (window.steun && window.steun.setUpPlayer) window.steun.setUpPlayer(video, hadFocus || play, hadFocus);
    }, function () {
      // The browser's own player stays and still plays; only the reports are missing.
    });
  }

  // A link to a video (#video-…: "Verder" on the overview, the page without scripts) names the
  // player, which is not in the page yet: its stand-in is brought into view instead.
  function toLinkedVideo() {
    var id = location.hash.slice(1);
    if (!id || document.getElementById(id)) return;
    Array.prototype.forEach.call(standins, function (standin) {
      // data-video: the id of the player it stands in for; a stand-in already replaced is passed over.
      if (standin.getAttribute('data-video') !== id || !standin.parentNode) return;
      standin.parentNode.scrollIntoView();
      // As a link to an element does: the next Tab goes on from here, a screen reader reads it.
      standin.focus({ preventScroll: true });
    });
  }

  Array.prototype.forEach.call(standins, function (standin) {
    standin.addEventListener('click', function () { setUp(standin, true); });
  });

  toLinkedVideo();
  window.addEventListener('hashchange', toLinkedVideo);

  // In view: only after the page is interactive (loaded, then the browser's first idle moment).
  function watch() {
    if (!('IntersectionObserver' in window)) {
      Array.prototype.forEach.call(standins, function (s) { setUp(s, false); });
      return;
    }
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) setUp(e.target, false); });
    }, { rootMargin: '200px 0px' });
    Array.prototype.forEach.call(standins, function (s) { if (!s.steunPlayer) observer.observe(s); });
  }
  // Players in view are set up once the page has loaded, the browser was idle once, and someone
  // has shown she is at the page (before or after that moment).
  var SIGNS = ['pointermove', 'pointerdown', 'wheel', 'scroll', 'keydown', 'touchstart'];
  var used = false;
  var ready = false;
  var watching = false;
  function start() {
    if (watching || !used || !ready) return;
    watching = true;
    SIGNS.forEach(function (type) { window.removeEventListener(type, sign, true); });
    watch();
  }
  function sign(event) {
    // Pressing a stand-in is not a sign to make the players in view: that would replace the very
    // stand-in under the finger (or the key) before its click, and the tap would be lost.
    var target = event && event.target;
    if (target && target.closest && target.closest('.video-standin')) return;
    used = true;
    start();
  }
  SIGNS.forEach(function (type) { window.addEventListener(type, sign, { capture: true, passive: true }); });
  function idle() {
    ready = true;
    start();
  }
  function afterLoad() {
    if (window.requestIdleCallback) window.requestIdleCallback(idle, { timeout: 3000 });
    else setTimeout(idle, 200);
  }
  if (document.readyState === 'complete') afterLoad();
  else window.addEventListener('load', afterLoad, { once: true });
})();
