/* global document, window */
// Progressive enhancement for Tessera's hosted pages. Every page works without this file (plain
// forms, POST, 303); this only adds comfort. Loaded as an external module under
// `script-src 'self'` and `require-trusted-types-for 'script'`: it never writes markup (no
// innerHTML), only creates elements and sets text.

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/** "Show"/"Hide" next to every password field, so people can check what they typed. */
function addPasswordToggles() {
  for (const input of document.querySelectorAll('input[type="password"]')) {
    const row = input.closest('.input-row');
    if (!row) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--secondary button--reveal';
    button.setAttribute('aria-controls', input.id);
    button.setAttribute('aria-pressed', 'false');
    const visible = document.createElement('span');
    const hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = ' password';
    button.append(visible, hidden);
    const render = () => {
      const shown = input.type === 'text';
      visible.textContent = shown ? 'Hide' : 'Show';
      button.setAttribute('aria-pressed', String(shown));
    };
    button.addEventListener('click', () => {
      input.type = input.type === 'password' ? 'text' : 'password';
      render();
      input.focus();
    });
    render();
    row.append(button);
    // Never submit a password as a visible text field that the browser might then autofill as text.
    input.form?.addEventListener('submit', () => {
      input.type = 'password';
      render();
    });
  }
}

/** A polite "Caps Lock is on" under password fields while it is. */
function addCapsLockHints() {
  for (const input of document.querySelectorAll('input[type="password"]')) {
    const hint = document.createElement('p');
    hint.className = 'caps-warning';
    hint.setAttribute('aria-live', 'polite');
    input.closest('.field')?.append(hint);
    const update = (event) => {
      if (typeof event.getModifierState !== 'function') return;
      hint.textContent = event.getModifierState('CapsLock') ? 'Caps Lock is on.' : '';
    };
    input.addEventListener('keydown', update);
    input.addEventListener('keyup', update);
    input.addEventListener('blur', () => {
      hint.textContent = '';
    });
  }
}

/** One submission per click: a second press while the first is on its way does nothing. */
function guardDoubleSubmit() {
  for (const form of document.querySelectorAll('form[method="post"]')) {
    form.addEventListener('submit', (event) => {
      if (form.dataset.submitting === 'true') {
        event.preventDefault();
        return;
      }
      form.dataset.submitting = 'true';
      const button = event.submitter ?? form.querySelector('button[type="submit"]');
      button?.setAttribute('aria-disabled', 'true');
    });
  }
  // Back/forward cache restores the page as it was when it was left: make its forms usable again.
  window.addEventListener('pageshow', () => {
    for (const form of document.querySelectorAll('form[data-submitting]')) {
      delete form.dataset.submitting;
      form.querySelector('[aria-disabled="true"]')?.removeAttribute('aria-disabled');
    }
  });
}

/** Keeps "Active 5 minutes ago" true while the page stays open (same wording as the server's). */
function refreshRelativeTimes() {
  const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const dateOnly = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
  const format = (at, now) => {
    const elapsed = Math.max(0, now - at);
    if (elapsed < 45 * second) return 'just now';
    if (elapsed < hour) return relative.format(-Math.max(1, Math.round(elapsed / minute)), 'minute');
    if (elapsed < day) return relative.format(-Math.round(elapsed / hour), 'hour');
    if (elapsed < 28 * day) return relative.format(-Math.round(elapsed / day), 'day');
    return `on ${dateOnly.format(at)}`;
  };
  const times = document.querySelectorAll('time[data-relative]');
  if (times.length === 0) return;
  const update = () => {
    const now = Date.now();
    for (const time of times) {
      const at = Date.parse(time.dateTime);
      if (!Number.isNaN(at)) time.textContent = format(at, now);
    }
  };
  window.setInterval(update, 30 * second);
}

addPasswordToggles();
addCapsLockHints();
guardDoubleSubmit();
refreshRelativeTimes();
