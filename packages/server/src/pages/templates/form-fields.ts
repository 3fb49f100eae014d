import { attributes, html, type SafeHtml } from '../html.js';

/** Errors of one form: by field name, plus one for the form as a whole (e.g. "Invalid email or password"). */
export interface FormErrors {
  fields: Partial<Record<string, string>>;
  /** Shown in the summary; `formErrorFor` says which field it is tied to. */
  form?: string;
  /** The field the form-level error describes and that receives focus (e.g. the password on a failed login). */
  formErrorFor?: string;
}

export const noErrors: FormErrors = { fields: {} };

export function hasErrors(errors: FormErrors): boolean {
  return errors.form !== undefined || Object.values(errors.fields).some((message) => message !== undefined);
}

export interface FieldOptions {
  name: string;
  /** Element id; defaults to the name. Distinct ids let two forms on a page share field names. */
  id?: string;
  label: string;
  type: 'email' | 'password' | 'text';
  autocomplete: string;
  /** Re-rendered value. Never pass one for a password field (the template refuses it). */
  value?: string;
  hint?: string;
  errors: FormErrors;
  /** The form's field order, to tell whether this field is the first with an error (it gets focus). */
  order: readonly string[];
}

/**
 * A labelled input with its hint and error text tied to it by `aria-describedby`, `aria-invalid`
 * when in error, and `autofocus` on the first field in error, so the keyboard and screen reader
 * land on what needs fixing (WCAG 2.2 SC 1.3.1, 3.3.1, 3.3.3; GOV.UK error-message pattern).
 */
export function field(options: FieldOptions): SafeHtml {
  const id = options.id ?? options.name;
  const fieldError = options.errors.fields[options.name];
  const formError = options.errors.formErrorFor === options.name ? options.errors.form : undefined;
  const inError = fieldError !== undefined || formError !== undefined;
  const hintId = options.hint ? `${id}-hint` : null;
  const errorId = fieldError !== undefined ? `${id}-error` : null;
  const formErrorId = formError !== undefined ? 'form-error' : null;
  const describedBy = [hintId, errorId, formErrorId].filter((part) => part !== null).join(' ');
  const isPassword = options.type === 'password';
  if (isPassword && options.value) throw new TypeError('password fields are never re-rendered with their value');
  const input = html`<input${attributes({
    id,
    name: options.name,
    type: options.type,
    autocomplete: options.autocomplete,
    value: isPassword ? undefined : (options.value ?? ''),
    required: true,
    spellcheck: options.type === 'email' ? 'false' : undefined,
    autocapitalize: options.type === 'email' ? 'none' : undefined,
    'aria-describedby': describedBy || undefined,
    'aria-invalid': inError ? 'true' : undefined,
    autofocus: inError && firstFieldInError(options.errors, options.order) === options.name,
  })}>`;
  return html`<div class="${inError ? 'field field--error' : 'field'}">
<label for="${id}">${options.label}</label>
${options.hint && html`<p class="hint" id="${hintId}">${options.hint}</p>`}
${fieldError !== undefined && html`<p class="field-error" id="${errorId}"><span class="visually-hidden">Error: </span>${fieldError}</p>`}
${isPassword ? html`<div class="input-row">${input}</div>` : input}
</div>`;
}

function firstFieldInError(errors: FormErrors, order: readonly string[]): string | undefined {
  return order.find((name) => errors.fields[name] !== undefined || errors.formErrorFor === name);
}

/**
 * The error summary at the top of a form (`role="alert"`): every error as a link to its field, so
 * one Tab reaches it. The form-level error carries `id="form-error"` for `aria-describedby`.
 */
export function errorSummary(errors: FormErrors, order: readonly string[], ids: Partial<Record<string, string>> = {}): SafeHtml | false {
  if (!hasErrors(errors)) return false;
  const fieldItems = order
    .filter((name) => errors.fields[name] !== undefined)
    .map((name) => html`<li><a href="#${ids[name] ?? name}">${errors.fields[name]}</a></li>`);
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>
${errors.form !== undefined && html`<p class="error-summary__message" id="form-error">${errors.form}</p>`}
${fieldItems.length > 0 && html`<ul>${fieldItems}</ul>`}
</div>`;
}

/** A success message after a redirect (`role="status"`: announced politely). */
export function notice(message: string | null): SafeHtml | false {
  return message !== null && html`<div class="notice" role="status">${message}</div>`;
}
