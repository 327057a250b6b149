// A "Kopieer" button next to every link shown once ([data-copy]). Without JavaScript the link
// stays plain, selectable text; the button only appears where the clipboard can be written.
(function () {
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll('[data-copy]').forEach(function (el) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary outline small copy-button';
    button.textContent = 'Kopieer';
    button.setAttribute('aria-label', 'Kopieer de link');
    var status = document.createElement('span');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(el.textContent.trim()).then(
        function () {
          button.textContent = 'Gekopieerd';
          status.textContent = 'De link is gekopieerd.';
          setTimeout(function () { button.textContent = 'Kopieer'; status.textContent = ''; }, 2500);
        },
        function () {
          status.textContent = 'Kopiëren lukte niet. Selecteer de link en kopieer hem zelf.';
        }
      );
    });
    el.insertAdjacentElement('afterend', button);
    button.insertAdjacentElement('afterend', status);
  });
})();
