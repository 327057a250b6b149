// Video players on a lesson page: video.js with Dutch labels and captions on, resume at the last
// position, and report the parts actually played (the browser's `played` ranges; seeking ahead
// adds nothing) every 10 s, on pause, on end and when the page is hidden. Pressing play is reported
// first, with nothing watched: the server credits no more than can have been played since then.
(function () {
  'use strict';
  if (!window.videojs) return;
  var players = [];

  function ranges(timeRanges) {
    var out = [];
    for (var i = 0; i < timeRanges.length; i++) {
      var start = timeRanges.start(i);
      var end = timeRanges.end(i);
      if (end - start >= 0.25) out.push([Math.round(start * 100) / 100, Math.round(end * 100) / 100]);
    }
    return out;
  }

  function report(entry) {
    if (!entry.track) return;
    var p = entry.player;
    var duration = p.duration();
    if (!duration || !isFinite(duration)) return;
    var watched = ranges(p.played());
    if (!watched.length) return;
    var key = JSON.stringify(watched) + '|' + Math.round(p.currentTime());
    if (key === entry.lastSent) return;
    entry.lastSent = key;
    window.steun.postJson('/api/progress/video', {
      lesson: entry.lesson,
      src: entry.src,
      watched: watched.map(function (r) { return [Math.min(r[0], duration), Math.min(r[1], duration)]; }),
      position: Math.min(p.currentTime(), duration),
      duration: duration,
    }).then(function (res) {
      if (res.ok && entry.status) {
        entry.status.textContent = res.headers.get('X-Steun-Watched') ? 'Bekeken: ' + res.headers.get('X-Steun-Watched') + ' %' : '';
        // Said aloud only when the video stops, not every few seconds over its sound.
        if (entry.player.paused() && entry.announce) entry.announce.textContent = entry.status.textContent;
      }
    }).catch(function () { entry.lastSent = ''; });
  }

  // The server credits no more than can have been played since this report: it starts the clock.
  function started(entry) {
    if (!entry.track || entry.startSent) return;
    var p = entry.player;
    var duration = p.duration();
    if (!duration || !isFinite(duration)) return;
    entry.startSent = true;
    window.steun.postJson('/api/progress/video', {
      lesson: entry.lesson,
      src: entry.src,
      watched: [],
      position: Math.min(p.currentTime(), duration),
      duration: duration,
    }).catch(function () { entry.startSent = false; });
  }

  document.querySelectorAll('video.video-js[data-src]').forEach(function (el) {
    var title = el.getAttribute('data-title');
    var entry = {
      lesson: el.getAttribute('data-lesson'),
      src: el.getAttribute('data-src'),
      lastSent: '',
      // Authors' previews play the video without recording anything.
      track: el.getAttribute('data-track') !== '0',
      status: document.getElementById(el.id + '-status'),
      announce: null,
    };
    if (entry.status) {
      entry.announce = document.createElement('span');
      entry.announce.className = 'visually-hidden';
      entry.announce.setAttribute('role', 'status');
      entry.status.parentNode.appendChild(entry.announce);
    }
    var resumeAt = parseFloat(el.getAttribute('data-position') || '0');
    entry.player = window.videojs(el, {
      language: 'nl',
      controls: true,
      preload: 'metadata',
      playbackRates: [0.75, 1, 1.25, 1.5, 2],
      userActions: { hotkeys: true },
      controlBar: { pictureInPictureToggle: false },
    });
    if (title) entry.player.el().setAttribute('aria-label', 'Video: ' + title);
    entry.player.one('loadedmetadata', function () {
      var d = entry.player.duration();
      if (resumeAt > 1 && d && resumeAt < d - 3) entry.player.currentTime(resumeAt);
      var tracks = entry.player.textTracks();
      for (var i = 0; i < tracks.length; i++) if (tracks[i].kind === 'captions') tracks[i].mode = 'showing';
    });
    entry.player.on('play', function () { started(entry); });
    entry.player.on('playing', function () { started(entry); });
    entry.player.on('pause', function () { report(entry); });
    entry.player.on('ended', function () { report(entry); });
    players.push(entry);
  });

  setInterval(function () {
    players.forEach(function (e) { if (!e.player.paused()) report(e); });
  }, 10000);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') players.forEach(report);
  });
  window.addEventListener('pagehide', function () { players.forEach(report); });
})();
