// Nothing typed is lost: what a teacher types or chooses is kept on this device (localStorage, per
// signed-in person, form and field) until the server has it. A save that fails — the session ended,
// the connection dropped, the tab was closed — leaves it here; the next time the page opens (after
// signing in again), it is put back. A draft is only put back over what the server still had when
// it was written (its "base"): a newer save from another device is never overwritten unasked.
// Drafts older than 30 days are dropped. The reflection and questionnaire autosaves use this;
// exercises (no autosave: a button sends them) are kept here on every change.
(function () {
  'use strict';
  window.steun = window.steun || {};
  var PREFIX = 'steun-draft:';
  var MAX_AGE_MS = 30 * 86400000;
  var meta = document.querySelector('meta[name="steun-user"]');
  var owner = meta ? meta.getAttribute('content') : '';
  var store = null;
  try {
    store = window.localStorage;
    store.setItem(PREFIX + 'probe', '1');
    store.removeItem(PREFIX + 'probe');
  } catch (e) {
    store = null;
  }

  function key(form, name) {
    return PREFIX + owner + ':' + new URL(form.getAttribute('action'), location.href).pathname + ':' + name;
  }
  function same(a, b) {
    return JSON.stringify(a || []) === JSON.stringify(b || []);
  }

  /** The form's values for one field name, as a list of strings (checked boxes, or the one value). */
  function values(form, name) {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name !== name) return;
      if (el.type === 'radio' || el.type === 'checkbox') { if (el.checked) out.push(el.value); }
      else out.push(el.value);
    });
    return out;
  }
  function apply(form, name, list) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name !== name) return;
      if (el.type === 'radio' || el.type === 'checkbox') el.checked = list.indexOf(el.value) !== -1;
      else el.value = list[0] || '';
    });
  }
  /** The names of a form's fields a teacher fills in. */
  function names(form) {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.name !== '_csrf' && el.name !== 'page' && el.type !== 'submit' && el.type !== 'hidden' && out.indexOf(el.name) === -1) out.push(el.name);
    });
    return out;
  }

  var drafts = {
    /** False without storage (private mode, blocked) or when nobody is signed in: nothing is kept. */
    available: !!(store && owner),
    values: values,
    apply: apply,
    names: names,
    same: same,
    get: function (form, name) {
      if (!drafts.available) return null;
      try {
        var d = JSON.parse(store.getItem(key(form, name)) || 'null');
        if (d && Date.now() - d.at < MAX_AGE_MS && Array.isArray(d.value)) return d;
      } catch (e) { /* a damaged entry is dropped below */ }
      drafts.drop(form, name);
      return null;
    },
    /** Keeps `value` (a list of strings) for the field, written over `base`, what the server had. */
    set: function (form, name, value, base) {
      if (!drafts.available) return false;
      try {
        store.setItem(key(form, name), JSON.stringify({ value: value, base: base, at: Date.now() }));
        return true;
      } catch (e) {
        return false;
      }
    },
    drop: function (form, name) {
      if (!store) return;
      try { store.removeItem(key(form, name)); } catch (e) { /* nothing kept, nothing to drop */ }
    },
    /**
     * What to do with a field's draft now that the page shows what the server has: 'restore' (the
     * draft differs and was written over this very value), 'newer' (the server has a different
     * value than the draft's base: another device saved since), or null (no draft, or the same).
     */
    check: function (form, name, server) {
      var d = drafts.get(form, name);
      if (!d) return null;
      if (same(d.value, server)) { drafts.drop(form, name); return null; }
      return same(d.base, server) ? { kind: 'restore', value: d.value } : { kind: 'newer', value: d.value };
    },
    /** The sign-in page, leading back here (to `anchor`): the page then puts the drafts back. */
    signInHref: function (anchor) {
      return '/login?next=' + encodeURIComponent(location.pathname + location.search + (anchor ? '#' + anchor : ''));
    },
    /**
     * "Je tekst is bewaard op dit apparaat; log opnieuw in om hem op te slaan." (or "Je antwoorden
     * zijn …" with `answers`), the link leading back here, into `el` (a status line).
     */
    showSignedOut: function (el, anchor, answers) {
      el.textContent = '';
      var link = document.createElement('a');
      link.href = drafts.signInHref(anchor);
      if (drafts.available) {
        el.appendChild(document.createTextNode(answers ? 'Je antwoorden zijn bewaard op dit apparaat; ' : 'Je tekst is bewaard op dit apparaat; '));
        link.textContent = 'log opnieuw in';
        el.appendChild(link);
        el.appendChild(document.createTextNode(answers ? ' om ze op te slaan.' : ' om hem op te slaan.'));
      } else {
        // Nothing can be kept here: the sign-in opens beside this page, which keeps what is typed.
        el.appendChild(document.createTextNode('Je bent niet meer ingelogd, dus dit is niet opgeslagen. Kopieer wat je typte, '));
        link.textContent = 'log opnieuw in (nieuw tabblad)';
        link.target = '_blank';
        link.rel = 'noopener';
        el.appendChild(link);
        el.appendChild(document.createTextNode(' en zet het daarna terug.'));
      }
    },
  };
  window.steun.drafts = drafts;

  // Old drafts go, whoever wrote them.
  if (store) {
    try {
      for (var i = store.length - 1; i >= 0; i--) {
        var k = store.key(i);
        if (!k || k.indexOf(PREFIX) !== 0) continue;
        var d = null;
        try { d = JSON.parse(store.getItem(k) || 'null'); } catch (e) { d = null; }
        if (!d || !(Date.now() - d.at < MAX_AGE_MS)) store.removeItem(k);
      }
    } catch (e) { /* storage that cannot be read keeps nothing */ }
  }

  // Exercises: sent with their button, so their choices are kept on every change, and put back when
  // the page opens again without them (the sending failed: the session had ended).
  document.querySelectorAll('form[data-keep-draft]').forEach(function (form) {
    var base = {};
    var restored = false;
    names(form).forEach(function (name) {
      base[name] = values(form, name);
      var found = drafts.check(form, name, base[name]);
      if (found && found.kind === 'restore') {
        apply(form, name, found.value);
        restored = true;
      } else if (found) drafts.drop(form, name);
    });
    if (restored) {
      var note = document.createElement('p');
      note.className = 'draft-note';
      note.setAttribute('role', 'status');
      note.textContent = 'Je keuzes van de vorige keer staan er weer; ze zijn nog niet verstuurd.';
      var button = form.querySelector('button[type="submit"]');
      form.insertBefore(note, button);
    }
    form.addEventListener('change', function (event) {
      var name = event.target && event.target.name;
      if (name && base[name]) drafts.set(form, name, values(form, name), base[name]);
    });
  });
})();
