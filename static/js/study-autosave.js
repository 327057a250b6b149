// Questionnaires save each answer as it is given. Without this script the buttons post each page;
// with it, every change is posted on its own at once, and the status line says whether it arrived.
(function () {
  'use strict';
  var form = document.querySelector('form[data-study-autosave]');
  if (!form) return;
  var status = form.querySelector('[data-save-status]');
  function show(text) {
    if (status) status.textContent = text;
  }
  function save(name) {
    var body = new URLSearchParams();
    body.set('_csrf', window.steun.csrf);
    var fields = form.querySelectorAll('[name="' + name + '"]');
    var any = false;
    fields.forEach(function (field) {
      if ((field.type === 'radio' || field.type === 'checkbox') && !field.checked) return;
      if (field.value === '') return;
      body.append(name, field.value);
      any = true;
    });
    if (!any) return;
    show('Bezig met opslaan…');
    fetch(form.action, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' }, body: body })
      .then(function (res) {
        if (res.ok) return show('Je antwoord is opgeslagen.');
        return res.json().then(function (j) { show('Niet opgeslagen: ' + (j.error || 'probeer het opnieuw.')); }, function () { show('Niet opgeslagen. Probeer het opnieuw.'); });
      })
      .catch(function () {
        show('Niet opgeslagen: er is geen verbinding. Je antwoord blijft staan; de knop onderaan bewaart het ook.');
      });
  }
  form.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.name && target.name !== '_csrf' && target.name !== 'page') save(target.name);
  });
})();
