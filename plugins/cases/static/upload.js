// Sends the file of every form[data-upload] in the background with a progress bar.
// Without this script the form posts normally and the server renders the next page.
(function () {
  'use strict';

  // The server answers with its own (translated) message; these cover the cases where
  // no answer arrives or it is not the expected JSON (a proxy's page, a dropped connection).
  var fallback = {
    en: 'The upload did not complete. Check your connection and try again.',
    fr: 'Le téléversement n’a pas abouti. Vérifiez votre connexion et réessayez.',
    ar: 'لم يكتمل رفع الملف. تحقّق من اتصالك وحاول مرة أخرى.'
  };

  function fallbackMessage() {
    var lang = (document.documentElement.lang || 'en').slice(0, 2).toLowerCase();
    return fallback[lang] || fallback.en;
  }

  function parseJson(text) {
    try {
      var value = JSON.parse(text);
      return value && typeof value === 'object' ? value : null;
    } catch (e) {
      return null;
    }
  }

  // Only a path on this site: a reply must not be able to send the browser elsewhere.
  function isLocalPath(path) {
    return typeof path === 'string' && path.charAt(0) === '/' && path.charAt(1) !== '/' &&
      path.charAt(1) !== '\\';
  }

  function enhance(form) {
    // The partial that brings the form also brings this script: enhance each form once.
    if (form.hasAttribute('data-upload-ready')) return;
    form.setAttribute('data-upload-ready', '');
    var button = form.querySelector('button[type="submit"], button:not([type])');
    var progress = form.querySelector('progress');
    var error = form.querySelector('#file-js-error');
    var serverError = form.querySelector('#file-error');
    var input = form.querySelector('input[type="file"]');
    var sending = false;

    function showError(message) {
      if (error) {
        error.textContent = message;
        error.hidden = false;
      }
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        var described = (input.getAttribute('aria-describedby') || '').split(/\s+/);
        if (error && described.indexOf(error.id) < 0) {
          described.push(error.id);
          input.setAttribute('aria-describedby', described.join(' ').trim());
        }
      }
      if (progress) progress.hidden = true;
      finish();
    }

    function finish() {
      sending = false;
      form.removeAttribute('aria-busy');
      if (button) button.disabled = false;
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (sending) return;
      sending = true;

      var data = new FormData(form);
      if (error) {
        error.hidden = true;
        error.textContent = '';
      }
      // An error from the last page load no longer describes the file being sent now.
      if (serverError) serverError.hidden = true;
      if (input) input.removeAttribute('aria-invalid');
      if (button) button.disabled = true;
      form.setAttribute('aria-busy', 'true');
      if (progress) {
        progress.value = 0;
        progress.hidden = false;
      }

      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('Accept', 'application/json');

      xhr.upload.onprogress = function (e) {
        if (!progress) return;
        if (e.lengthComputable && e.total > 0) {
          progress.value = Math.round((e.loaded / e.total) * 100);
        } else {
          progress.removeAttribute('value');
        }
      };
      // Sent; the server still checks the file, so the bar stays full until it answers.
      xhr.upload.onload = function () {
        if (progress) progress.value = 100;
      };

      xhr.onload = function () {
        var reply = parseJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300 && reply && reply.ok) {
          var next = isLocalPath(reply.next) ? reply.next.split('#')[0] : null;
          var here = window.location.pathname + window.location.search;
          if (next && next !== here) {
            window.location.assign(next + '#files');
          } else {
            // Same page (the case page uploads to itself): a hash change alone would not
            // reload it, and the new file must appear in the list.
            if (window.location.hash !== '#files') {
              window.history.replaceState(null, '', here + '#files');
            }
            window.location.reload();
          }
          return;
        }
        showError(reply && typeof reply.error === 'string' && reply.error
          ? reply.error : fallbackMessage());
      };
      xhr.onerror = function () { showError(fallbackMessage()); };
      xhr.onabort = function () { showError(fallbackMessage()); };
      xhr.ontimeout = function () { showError(fallbackMessage()); };

      xhr.send(data);
    });
  }

  function start() {
    var forms = document.querySelectorAll('form[data-upload]');
    for (var i = 0; i < forms.length; i++) enhance(forms[i]);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
