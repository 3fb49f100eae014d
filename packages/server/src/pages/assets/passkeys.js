/* global document, window, fetch */
// Passkeys on the hosted pages: sign in with a passkey, use one as the second step, add one on
// /account. WebAuthn needs script, so these buttons stay hidden until this file finds a browser
// that supports it. Uses `@simplewebauthn/browser` (served from this origin as
// `window.SimpleWebAuthnBrowser`). Never writes markup: only text.
(() => {
  const webauthn = window.SimpleWebAuthnBrowser;
  if (!webauthn || !webauthn.browserSupportsWebAuthn()) return;

  async function postJson(url, body, csrfToken) {
    const headers = { 'content-type': 'application/json' };
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
    const answer = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw new Error((answer && (answer.detail || answer.title)) || 'The request failed.');
    return answer;
  }

  function say(element, text) {
    if (element) element.textContent = text;
  }

  function failureText(error) {
    // The user closed the browser's dialog, or no passkey was found: not worth alarming anyone.
    if (error && error.name === 'NotAllowedError') return 'No passkey was used. You can try again.';
    return error && error.message ? error.message : 'That did not work. Please try again.';
  }

  for (const button of document.querySelectorAll('[data-passkey-sign-in]')) {
    const status = document.getElementById(button.dataset.status || '');
    button.hidden = false;
    button.addEventListener('click', async () => {
      const mfaToken = button.dataset.mfaToken;
      button.disabled = true;
      say(status, 'Waiting for your passkey…');
      try {
        const begun = await postJson('/auth/passkeys/authentication/options', mfaToken ? { mfa_token: mfaToken } : {});
        const credential = await webauthn.startAuthentication({ optionsJSON: begun.options });
        await postJson('/auth/passkeys/authentication', { challenge_id: begun.challenge_id, credential, ...(mfaToken ? { mfa_token: mfaToken } : {}) });
        say(status, 'Signed in.');
        window.location.assign(button.dataset.next || '/account');
      } catch (error) {
        say(status, failureText(error));
        button.disabled = false;
      }
    });
  }

  for (const form of document.querySelectorAll('form[data-passkey-register]')) {
    const status = document.getElementById(form.dataset.status || '');
    form.hidden = false;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const csrfToken = form.elements.namedItem('csrf_token').value;
      const name = form.elements.namedItem('name').value.trim() || 'Passkey';
      const submit = form.querySelector('button[type="submit"]');
      if (submit) submit.disabled = true;
      say(status, 'Follow your browser’s prompt to create the passkey…');
      try {
        const begun = await postJson('/auth/passkeys/registration/options', {}, csrfToken);
        const credential = await webauthn.startRegistration({ optionsJSON: begun.options });
        await postJson('/auth/passkeys/registration', { challenge_id: begun.challenge_id, credential, name }, csrfToken);
        window.location.assign('/account?notice=passkey-added');
      } catch (error) {
        say(status, failureText(error));
        if (submit) submit.disabled = false;
      }
    });
  }

  for (const button of document.querySelectorAll('[data-passkey-delete-account]')) {
    const status = document.getElementById(button.dataset.status || '');
    const csrfToken = button.dataset.csrfToken;
    button.hidden = false;
    button.addEventListener('click', async () => {
      button.disabled = true;
      say(status, 'Confirm with your passkey…');
      try {
        const begun = await postJson('/auth/passkeys/reauthentication/options', {}, csrfToken);
        const credential = await webauthn.startAuthentication({ optionsJSON: begun.options });
        await postJson('/auth/account/delete', { challenge_id: begun.challenge_id, credential }, csrfToken);
        window.location.assign('/login?notice=account-deleted');
      } catch (error) {
        say(status, failureText(error));
        button.disabled = false;
      }
    });
  }
})();
