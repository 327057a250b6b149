// A lesson's videos start as the browser's own player (poster, controls, captions): it works at
// once, also before any script, and reads nothing of the video's file until it is played
// (preload="none"; video.js asks for the file's start once it is set up). video.js, its style sheet and our progress reports
// (video-progress.js) are fetched and set up only for a player that is touched (pointer, key,
// focus, play), or that is in view once the page is interactive and the teacher is using it (she
// moves the pointer, scrolls, types or touches), so a page load does no player work at all and a
// player further down costs nothing until she gets there. The files are named on each <video>
// (data-player-css, data-player-js: content-hashed URLs).
(function () {
  'use strict';
  var videos = document.querySelectorAll('video[data-player-js]');
  if (!videos.length) return;
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
      files = Promise.all([addStyle(video.getAttribute('data-player-css'))].concat(scripts.map(addScript)));
    }
    return files;
  }

  var observer = null;
  function setUp(video, touched) {
    if (video.steunPlayer) return;
    video.steunPlayer = true;
    if (observer) observer.unobserve(video);
    load(video).then(function () {
      if (window.steun && window.steun.setUpPlayer) window.steun.setUpPlayer(video, touched);
    }, function () {
      // The browser's own player stays and still plays; only the reports are missing.
      video.steunPlayer = false;
    });
  }

  Array.prototype.forEach.call(videos, function (video) {
    var touch = function () { setUp(video, true); };
    ['pointerdown', 'keydown', 'focus', 'play'].forEach(function (type) { video.addEventListener(type, touch, { once: true }); });
  });

  // In view: only after the page is interactive (loaded, then the browser's first idle moment).
  function watch() {
    if (!('IntersectionObserver' in window)) {
      Array.prototype.forEach.call(videos, function (v) { setUp(v, false); });
      return;
    }
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) setUp(e.target, false); });
    }, { rootMargin: '200px 0px' });
    Array.prototype.forEach.call(videos, function (v) { if (!v.steunPlayer) observer.observe(v); });
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
  function sign() {
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
