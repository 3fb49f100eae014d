/**
 * The only way the hosted pages produce markup: a tagged template that escapes every interpolated
 * value unless it is itself the output of `html` (OWASP XSS Prevention Cheat Sheet, rule #1 and
 * #2: encode for HTML body and quoted attributes). There is deliberately no `raw()`: markup can
 * only come from template literals written in this package.
 *
 * @example
 * html`<p class="greeting">Hello, ${user.email}</p>`           // email escaped
 * html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`  // arrays joined, parts kept
 * html`${error && html`<p>${error}</p>`}`                      // false, null, undefined render nothing
 */
export class SafeHtml {
  readonly #markup: string;

  private constructor(markup: string) {
    this.#markup = markup;
  }

  /** Only `html` and `attributes` mint values (via this static, private by convention). */
  static fromTrusted(markup: string): SafeHtml {
    return new SafeHtml(markup);
  }

  toString(): string {
    return this.#markup;
  }
}

export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => entities[char] ?? char);
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return SafeHtml.fromTrusted(markup);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (value === false || value === null || value === undefined) return '';
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(render).join('');
}

export type AttributeValue = string | number | boolean | null | undefined;

const attributeName = /^[a-z][a-z0-9-]*$/;

/**
 * ` name="value"` pairs in insertion order: values escaped, `true` a bare boolean attribute,
 * `false`/`null`/`undefined` left out. Names are checked (they are never user input, but a typo
 * must not become markup).
 *
 * @example html`<input${attributes({ id: 'email', value: form.email, autofocus: hasError })}>`
 */
export function attributes(pairs: Record<string, AttributeValue>): SafeHtml {
  let markup = '';
  for (const [name, value] of Object.entries(pairs)) {
    if (!attributeName.test(name)) throw new TypeError(`not an attribute name: ${name}`);
    if (value === false || value === null || value === undefined) continue;
    markup += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return SafeHtml.fromTrusted(markup);
}
