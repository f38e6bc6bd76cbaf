// "Show password" beside a password field: shows what was typed (on a phone, or for
// anyone unsure of a long passphrase) and hides it again. Without script the button
// stays hidden and the field works as usual.
(function () {
  'use strict';
  var buttons = document.querySelectorAll('button[data-show-password]');
  Array.prototype.forEach.call(buttons, function (button) {
    var input = document.getElementById(button.getAttribute('aria-controls'));
    if (!input) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var show = input.type === 'password';
      input.type = show ? 'text' : 'password';
      button.setAttribute('aria-pressed', show ? 'true' : 'false');
    });
    // Sent as a password field again, so password managers still offer to save it.
    if (input.form) {
      input.form.addEventListener('submit', function () {
        input.type = 'password';
        button.setAttribute('aria-pressed', 'false');
      });
    }
  });
})();
