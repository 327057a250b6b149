// Questionnaires save each answer as it is given. Without this script the buttons post each page;
// with it, every change is posted on its own at once, and the status line says whether it arrived.
// Answers are kept on this device until the server has them (drafts.js): after a session that
// ended, the page puts them back once the teacher has signed in again, and sends them.
(function () {
  'use strict';
  var form = document.querySelector('form[data-study-autosave]');
  if (!form) return;
  var drafts = window.steun.drafts;
  var status = form.querySelector('[data-save-status]');
  var base = {};
  var signedOut = false;
  function show(text) {
    if (status) status.textContent = text;
  }
  function keep(name) {
    if (drafts && base[name]) drafts.set(form, name, drafts.values(form, name), base[name]);
  }
  function post(body) {
    body.set('_csrf', window.steun.csrf);
    return fetch(form.action, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' }, body: body });
  }
  function save(name) {
    var sent = drafts ? drafts.values(form, name) : [];
    var body = new URLSearchParams();
    var any = false;
    form.querySelectorAll('[name="' + name + '"]').forEach(function (field) {
      if ((field.type === 'radio' || field.type === 'checkbox') && !field.checked) return;
      if (field.value === '') return;
      body.append(name, field.value);
      any = true;
    });
    if (!any) return;
    keep(name);
    show('Bezig met opslaan…');
    post(body)
      .then(function (res) {
        // A token older than the session (signed in again in another tab): take the page's new one, once.
        if (res.status === 403 && window.steun.freshToken) return window.steun.freshToken().then(function (fresh) { return fresh ? post(body) : res; });
        return res;
      })
      .then(function (res) {
        if (res.status === 401) {
          signedOut = true;
          if (status && drafts) drafts.showSignedOut(status, 'vraag-' + name, true);
          return;
        }
        if (res.ok) {
          signedOut = false;
          base[name] = sent;
          if (drafts && drafts.same(drafts.values(form, name), sent)) drafts.drop(form, name);
          return show('Je antwoord is opgeslagen.');
        }
        return res.json().then(function (j) { show('Niet opgeslagen: ' + (j.error || 'probeer het opnieuw.')); }, function () { show('Niet opgeslagen. Probeer het opnieuw.'); });
      })
      .catch(function () {
        show('Niet opgeslagen: er is geen verbinding. Je antwoord blijft staan; de knop onderaan bewaart het ook.');
      });
  }

  // Answers that were not saved last time come back, and are sent now.
  var restored = [];
  if (drafts) {
    drafts.names(form).forEach(function (name) {
      base[name] = drafts.values(form, name);
      var found = drafts.check(form, name, base[name]);
      if (found && found.kind === 'restore') {
        drafts.apply(form, name, found.value);
        restored.push(name);
      } else if (found) drafts.drop(form, name);
    });
  }
  if (restored.length) {
    var note = document.createElement('p');
    note.className = 'draft-note';
    note.setAttribute('role', 'status');
    note.textContent = restored.length === 1 ? 'We hebben een antwoord teruggezet dat nog niet was opgeslagen.' : 'We hebben ' + restored.length + ' antwoorden teruggezet die nog niet waren opgeslagen.';
    form.insertBefore(note, form.querySelector('.study-buttons'));
    restored.forEach(save);
  }

  form.addEventListener('input', function (event) {
    var target = event.target;
    if (target && target.name && base[target.name]) keep(target.name);
  });
  form.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.name && target.name !== '_csrf' && target.name !== 'page') save(target.name);
  });
  document.addEventListener('visibilitychange', function () {
    // Back from signing in in another tab, perhaps: send what waits here again.
    if (document.visibilityState !== 'visible' || !signedOut || !drafts) return;
    signedOut = false;
    drafts.names(form).forEach(function (name) { if (!drafts.same(drafts.values(form, name), base[name])) save(name); });
  });
})();
