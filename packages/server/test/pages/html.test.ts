import { describe, expect, it } from 'vitest';
import { attributes, escapeHtml, html } from '../../src/pages/html.js';

describe('html', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const hostile = `"><script>alert('x')</script>&\``;
    expect(html`<p title="${hostile}">${hostile}</p>`.toString()).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#96;</p>',
    );
  });

  it('keeps nested html, joins arrays (escaping their strings) and renders false/null/undefined as nothing', () => {
    const items = ['<a>', html`<b>bold</b>`];
    expect(html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`.toString()).toBe('<ul><li>&lt;a&gt;</li><li><b>bold</b></li></ul>');
    expect(html`[${false}${null}${undefined}${0}]`.toString()).toBe('[0]');
    expect(html`${['<', ['>']]}`.toString()).toBe('&lt;&gt;');
  });

  it('escapeHtml covers the characters that end text or a quoted attribute', () => {
    expect(escapeHtml(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
  });
});

describe('attributes', () => {
  it('escapes values, writes true as a bare attribute and omits false/null/undefined', () => {
    expect(attributes({ value: '"x"', required: true, autofocus: false, 'aria-describedby': undefined, hidden: null }).toString()).toBe(
      ' value="&quot;x&quot;" required',
    );
  });

  it('refuses names that are not attribute names', () => {
    expect(() => attributes({ 'onclick="x"': 'y' })).toThrow(TypeError);
  });
});
