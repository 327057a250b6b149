// Reflections save as the teacher types (debounced), with a visible state. The form still works
// without this script: its button posts it the ordinary way.
(function () {
  'use strict';
  document.querySelectorAll('form[data-autosave]').forEach(function (form) {
    var field = form.querySelector('textarea');
    var status = form.querySelector('[data-save-status]');
    if (!field || !status) return;
    var note = form.querySelector('[data-autosave-note]');
    if (note) note.textContent = ' Je tekst wordt opgeslagen terwijl je typt.';
    var timer = null;
    var saving = false;
    var pending = false;
    var saved = field.value;

    // Only the outcome is announced (the status is a live region): not every pause in typing.
    var quiet = document.createElement('span');
    quiet.className = 'save-progress';
    quiet.setAttribute('aria-hidden', 'true');
    status.parentNode.insertBefore(quiet, status);
    function show(text, kind) {
      var spoken = kind === 'ok' || kind === 'error';
      status.textContent = spoken ? text : '';
      quiet.textContent = spoken ? '' : text;
      status.setAttribute('data-kind', kind);
      quiet.setAttribute('data-kind', kind);
    }
    function time() {
      var d = new Date();
      return ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2);
    }
    function save() {
      clearTimeout(timer);
      if (field.value === saved) return;
      if (saving) { pending = true; return; }
      saving = true;
      var text = field.value;
      show('Bezig met opslaan…', 'busy');
      var body = new URLSearchParams();
      body.set('text', text);
      body.set('_csrf', window.steun.csrf);
      fetch(form.action, { method: 'POST', credentials: 'same-origin', keepalive: text.length < 60000, headers: { Accept: 'application/json' }, body: body })
        .then(function (res) {
          if (!res.ok) return res.json().then(function (j) { throw new Error(j.error || ''); }, function () { throw new Error(''); });
          saved = text;
          show('Opgeslagen om ' + time(), 'ok');
          // A first reflection may finish the lesson: the completion box follows the server.
          var todo = document.querySelector('#afronden a[href="#' + form.closest('[id^="reflectie-"]').id + '"]');
          if (todo && window.steun.refreshFinish) window.steun.refreshFinish('Je reflectie telt mee.');
        })
        .catch(function (err) {
          // Messages from the server are Dutch; the browser's own (a lost connection) are not shown.
          var reason = err && err.message && /[a-z]/.test(err.message) && !/fetch|network|json/i.test(err.message) ? ' ' + err.message : '';
          show('Niet opgeslagen.' + reason + ' We proberen het zo opnieuw; je tekst blijft staan.', 'error');
          timer = setTimeout(save, 5000);
        })
        .then(function () {
          saving = false;
          if (pending) { pending = false; save(); }
        });
    }
    field.addEventListener('input', function () {
      show('Niet-opgeslagen wijzigingen…', 'dirty');
      clearTimeout(timer);
      timer = setTimeout(save, 1000);
    });
    field.addEventListener('blur', save);
    document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') save(); });
    window.addEventListener('beforeunload', function (e) {
      if (field.value !== saved) { save(); e.preventDefault(); e.returnValue = ''; }
    });
  });
})();
