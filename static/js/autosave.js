// Reflections save as the teacher types (debounced), with a visible state. What is typed is kept on
// this device until the server has it (drafts.js): a session that ended asks to sign in again and
// loses nothing; the page puts the text back afterwards. The form still works without this script:
// its button posts it the ordinary way.
(function () {
  'use strict';
  var drafts = window.steun && window.steun.drafts;
  document.querySelectorAll('form[data-autosave]').forEach(function (form) {
    var field = form.querySelector('textarea');
    var status = form.querySelector('[data-save-status]');
    if (!field || !status) return;
    var note = form.querySelector('[data-autosave-note]');
    if (note) note.textContent = ' Je tekst wordt opgeslagen terwijl je typt.';
    var anchor = form.closest('[id^="reflectie-"]').id;
    var timer = null;
    var saving = false;
    var pending = false;
    var signedOut = false;
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
    function keep() {
      return drafts ? drafts.set(form, field.name, [field.value], [saved]) : false;
    }
    function post(text) {
      var body = new URLSearchParams();
      body.set('text', text);
      body.set('_csrf', window.steun.csrf);
      return fetch(form.action, { method: 'POST', credentials: 'same-origin', keepalive: text.length < 60000, headers: { Accept: 'application/json' }, body: body });
    }
    function save() {
      clearTimeout(timer);
      if (field.value === saved) return;
      if (saving) { pending = true; return; }
      saving = true;
      var text = field.value;
      show('Bezig met opslaan…', 'busy');
      post(text)
        .then(function (res) {
          // A token older than the session (signed in again in another tab): take the page's new one, once.
          if (res.status === 403 && window.steun.freshToken) {
            return window.steun.freshToken().then(function (fresh) { return fresh ? post(text) : res; });
          }
          return res;
        })
        .then(function (res) {
          if (res.status === 401) { signedOut = true; throw new Error('signed-out'); }
          if (!res.ok) return res.json().then(function (j) { throw new Error(j.error || ''); }, function () { throw new Error(''); });
          signedOut = false;
          saved = text;
          if (drafts) { if (field.value === saved) drafts.drop(form, field.name); else keep(); }
          show('Opgeslagen om ' + time(), 'ok');
          // A first reflection may finish the lesson: the completion box follows the server.
          var todo = document.querySelector('#afronden a[href="#' + anchor + '"]');
          if (todo && window.steun.refreshFinish) window.steun.refreshFinish('Je reflectie telt mee.');
        })
        .catch(function (err) {
          if (signedOut) {
            // Trying again cannot help until the teacher has signed in; the text waits on this device.
            quiet.textContent = '';
            status.setAttribute('data-kind', 'error');
            if (!drafts) { status.textContent = 'Je bent niet meer ingelogd, dus dit is niet opgeslagen. Kopieer je tekst en log opnieuw in.'; return; }
            keep();
            drafts.showSignedOut(status, anchor);
            return;
          }
          // Messages from the server are Dutch; the browser's own (a lost connection) are not shown.
          var reason = err && err.message && /[a-z]/.test(err.message) && !/fetch|network|json/i.test(err.message) ? ' ' + err.message : '';
          show('Niet opgeslagen.' + reason + ' We proberen het zo opnieuw; je tekst blijft staan' + (drafts && drafts.available ? ', ook op dit apparaat.' : '.'), 'error');
          timer = setTimeout(save, 5000);
        })
        .then(function () {
          saving = false;
          if (pending && !signedOut) { pending = false; save(); }
        });
    }

    // Text that was not saved last time (the session had ended, the tab was closed) comes back.
    var found = drafts && drafts.check(form, field.name, [field.value]);
    if (found && found.kind === 'restore') {
      field.value = found.value[0] || '';
      addNote('We hebben je tekst teruggezet die nog niet was opgeslagen.');
      save();
    } else if (found) {
      // Another device saved a different text since: the one kept here waits for the teacher's word.
      var other = found.value[0] || '';
      var box = addNote('Op dit apparaat staat nog een tekst die niet was opgeslagen; intussen is er een andere versie opgeslagen (die staat in het vak).');
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary outline small';
      button.textContent = 'Zet de tekst van dit apparaat terug';
      button.addEventListener('click', function () {
        field.value = other;
        box.remove();
        keep();
        save();
        field.focus();
      });
      box.appendChild(document.createTextNode(' '));
      box.appendChild(button);
    }
    function addNote(text) {
      var p = document.createElement('p');
      p.className = 'draft-note';
      p.setAttribute('role', 'status');
      p.textContent = text;
      form.insertBefore(p, form.querySelector('.reflection-actions'));
      return p;
    }

    field.addEventListener('input', function () {
      keep();
      show('Niet-opgeslagen wijzigingen…', 'dirty');
      clearTimeout(timer);
      if (signedOut) return;
      timer = setTimeout(save, 1000);
    });
    field.addEventListener('blur', function () { if (!signedOut) save(); });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') { if (!signedOut) save(); return; }
      // Back from signing in in another tab, perhaps: one more try (with the session's new token).
      if (signedOut) { signedOut = false; save(); }
    });
    window.addEventListener('beforeunload', function (e) {
      if (field.value === saved) return;
      if (!signedOut) save();
      // Kept on this device, the text comes back when the page opens again: no need to hold the teacher here.
      if (drafts && drafts.available && keep()) return;
      e.preventDefault();
      e.returnValue = '';
    });
  });
})();
