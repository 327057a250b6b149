// Video players on a lesson page, set up one at a time by player-loader.js (when touched or in
// view): video.js with Dutch labels and captions on, resume at the last position, and report the parts actually played (the browser's `played` ranges; seeking ahead
// adds nothing) every 10 s, on pause, on end and when the page is hidden. Pressing play is reported
// first, with nothing watched: the server credits no more than can have been played since then.
// The player fits its column (16:9) and lays out by its own width (responsive): on a phone
// the seek bar gets a row of its own; a "5 seconden terug" button and the arrow keys step 5 s.
(function () {
  'use strict';
  if (!window.videojs) return;
  var players = [];
  var STEP_SECONDS = 5;
  // Labels video.js's Dutch file leaves in English or lower case. Keys are video.js's own strings,
  // full stop included ("This is a modal window." is read to screen readers in every dialog).
  window.videojs.addLanguage('nl', {
    'Skip Backward': '5 seconden terug',
    'Skip Forward': '5 seconden vooruit',
    'Skip backward {1} seconds': '{1} seconden terug',
    'Skip forward {1} seconds': '{1} seconden vooruit',
    'captions settings': 'Ondertiteling: instellingen',
    'subtitles settings': 'Ondertiteling: instellingen',
    'captions off': 'Ondertiteling uit',
    'subtitles off': 'Ondertiteling uit',
    'captions and subtitles off': 'Ondertiteling uit',
    'Captions': 'Ondertiteling',
    'This is a modal window': 'Dit is een venster boven de video',
    'This is a modal window.': 'Dit is een venster boven de video.',
    'This modal can be closed by pressing the Escape key or activating the close button.': 'Sluit dit venster met Escape of met de sluitknop.',
    'Beginning of dialog window. Escape will cancel and close the window.': 'Begin van het venster. Escape sluit het venster.',
    'End of dialog window.': 'Einde van het venster.',
    'Caption Settings Dialog': 'Instellingen voor de ondertiteling',
    'Time': 'Tijd',
    'Picture-in-Picture': 'Beeld in beeld',
    'Exit Picture-in-Picture': 'Beeld in beeld uit',
    'Playing in picture-in-picture': 'Speelt af in beeld in beeld',
  });

  /**
   * The player's own keys (k or space, m, f) and the arrow keys: 5 s back and on wherever the focus
   * is in the player (the seek bar steps 5 s itself; a menu or the volume keeps its arrows).
   */
  function hotkeys(event) {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      event.stopPropagation();
      var duration = this.duration() || 0;
      var to = this.currentTime() + (event.key === 'ArrowLeft' ? -STEP_SECONDS : STEP_SECONDS);
      this.currentTime(Math.max(0, duration ? Math.min(duration, to) : to));
      return;
    }
    this.handleHotkeys(event);
  }

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
      if (res.ok) showWatched(entry, res.headers.get('X-Steun-Watched'));
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

  // The page follows the server's answer to each beacon: the caption's "Bekeken: x %", the completion
  // box's "nog x %", and once the video counts, the box as the server now renders it (finish-box.js).
  function showWatched(entry, header) {
    if (header === null || !/^\d+$/.test(header)) return;
    var watched = Number(header);
    if (entry.status) {
      entry.status.textContent = 'Bekeken: ' + watched + '\u00a0%';
      // Said aloud only when the video stops, not every few seconds over its sound.
      if (entry.player.paused() && entry.announce) entry.announce.textContent = entry.status.textContent;
    }
    var box = document.getElementById('afronden');
    if (!box) return;
    var item = null;
    box.querySelectorAll('li[data-video-src]').forEach(function (li) { if (li.getAttribute('data-video-src') === entry.src) item = li; });
    if (!item) return;
    var needed = Number(item.getAttribute('data-needed'));
    var left = item.querySelector('.video-left');
    if (watched < needed) {
      if (left) left.textContent = String(Math.max(1, needed - watched));
      return;
    }
    // The refreshed box no longer lists this video, so this happens once.
    if (window.steun.refreshFinish) window.steun.refreshFinish('De video telt als bekeken.');
  }

  /**
   * Turns the browser's own player `el` into video.js. `touched`: the teacher is using it now, so
   * what she started (playing, the focus) carries over into the new player. `focused`: the focus
   * was on what stood in for it (player-loader.js), so the new player takes it.
   */
  function setUpPlayer(el, touched, focused) {
    if (el.steunReady || !el.getAttribute('data-src')) return;
    el.steunReady = true;
    var wasPlaying = !el.paused;
    var hadFocus = focused === true || document.activeElement === el;
    // video.js takes over a playing element without knowing it plays: it starts again below.
    if (wasPlaying) el.pause();
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
    var posterSet = el.getAttribute('data-poster-set');
    entry.player = window.videojs(el, {
      language: 'nl',
      controls: true,
      preload: 'metadata',
      // Fluid by CSS (steun.css: the column's width, 16:9): video.js's own fluid mode sizes the
      // player through a <style> element, which our Content-Security-Policy does not allow.
      // vjs-layout-* classes by the player's own width: below 500 px (a phone) the "small" layout,
      // where learner.css gives the seek bar a row of its own (video.js's defaults would hide it
      // below 320 px, and a phone's column is about 300).
      responsive: true,
      breakpoints: { tiny: 210, xsmall: 240, small: 500, medium: 768, large: 1440, xlarge: 2560 },
      playbackRates: [0.75, 1, 1.25, 1.5, 2],
      userActions: { hotkeys: hotkeys },
      controlBar: { pictureInPictureToggle: false, seekToLive: false, skipButtons: { backward: STEP_SECONDS } },
    });
    if (title) entry.player.el().setAttribute('aria-label', 'Video: ' + title);
    // The poster at the size the player is shown: the browser picks from the widths offered.
    var posterImg = entry.player.el().querySelector('.vjs-poster img');
    if (posterImg && posterSet) {
      posterImg.sizes = Math.max(1, Math.round(entry.player.el().getBoundingClientRect().width)) + 'px';
      posterImg.srcset = posterSet;
    }
    // "Geladen: 100.00%" (a decimal point, read aloud in English style) says nothing a listener needs.
    var loaded = entry.player.el().querySelector('.vjs-load-progress');
    if (loaded) loaded.setAttribute('aria-hidden', 'true');
    entry.player.one('loadedmetadata', function () {
      var d = entry.player.duration();
      // (A player the teacher started before video.js took over began there already.)
      if (resumeAt > 1 && d && resumeAt < d - 3 && entry.player.currentTime() < 1) entry.player.currentTime(resumeAt);
      var tracks = entry.player.textTracks();
      for (var i = 0; i < tracks.length; i++) if (tracks[i].kind === 'captions') tracks[i].mode = 'showing';
    });
    entry.player.on('play', function () { started(entry); });
    entry.player.on('playing', function () { started(entry); });
    entry.player.on('pause', function () { report(entry); });
    entry.player.on('ended', function () { report(entry); });
    players.push(entry);
    if (touched) {
      entry.player.ready(function () {
        // The focus goes where the next key acts: the big play button, or once it plays (the big
        // button then hides and the control bar shows) the control bar's play/pause button.
        var focus = function (name) {
          // Not if the teacher has put the focus elsewhere meanwhile (a reflection, the next link).
          var active = document.activeElement;
          if (active && active !== document.body && !entry.player.el().contains(active)) return;
          var bar = entry.player.getChild('ControlBar');
          var target = name === 'PlayToggle' ? bar && bar.getChild('PlayToggle') : entry.player.getChild(name);
          (target || entry.player).el().focus();
        };
        if (!wasPlaying) {
          if (hadFocus) focus('BigPlayButton');
          return;
        }
        if (hadFocus) entry.player.one('play', function () { focus('PlayToggle'); });
        entry.player.play();
      });
    }
  }

  window.steun = window.steun || {};
  window.steun.setUpPlayer = setUpPlayer;

  setInterval(function () {
    players.forEach(function (e) { if (!e.player.paused()) report(e); });
  }, 10000);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') players.forEach(report);
  });
  window.addEventListener('pagehide', function () { players.forEach(report); });
})();
