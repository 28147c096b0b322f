import assert from 'node:assert/strict';
import { test } from 'node:test';

import { squeeze } from '../../widget/build/minify-templates.ts';

// The template squeezer of the widget build: whitespace a browser never
// draws goes, whitespace it may draw stays as one space.

/** The first template literal of `code`, squeezed, without its quotes. */
function squeezed(code: string): string {
  const out = squeeze(code, 'fixture.ts');
  return /`([\s\S]*)`/.exec(out)?.[1] ?? out;
}

test('drops the whitespace at the edges of table parts and blocks', () => {
  const code = [
    'html`<tr>',
    '  <td class="pick">',
    '    ${box}',
    '  </td>',
    '  <td>',
    '    <div class="who">${name}</div>',
    '  </td>',
    '</tr>`',
  ].join('\n');

  assert.equal(
    squeezed(code),
    '<tr><td class="pick">${box}</td>' +
      '<td><div class="who">${name}</div></td></tr>',
  );
});

test('keeps one space between inline neighbours, which may show', () => {
  const code = [
    'html`<span class="name">${name}</span>',
    '  <span class="id">${id}</span>',
    '  ${badge}',
    '  <button>One</button>',
    '  <button>Two</button>`',
  ].join('\n');

  assert.equal(
    squeezed(code),
    '<span class="name">${name}</span> <span class="id">${id}</span> ' +
      '${badge} <button>One</button> <button>Two</button>',
  );
});

test("drops the whitespace inside a button's edges, not around it", () => {
  const code = [
    'html`<button',
    '  type="button"',
    '  @click=${act}',
    '>',
    '  ${label}',
    '</button>`',
  ].join('\n');

  assert.equal(
    squeezed(code),
    '<button type="button" @click=${act}>${label}</button>',
  );
});

test('drops the whitespace inside an icon, not around it', () => {
  const code = [
    'html`<span>',
    '  <svg viewBox="0 0 24 24">',
    '    <path d=${outline}></path>',
    '    <circle r="2"></circle>',
    '  </svg>',
    '  ${title}',
    '</span>`',
  ].join('\n');

  assert.equal(
    squeezed(code),
    '<span> <svg viewBox="0 0 24 24"><path d=${outline}></path>' +
      '<circle r="2"></circle></svg> ${title} </span>',
  );
});

test('knows a tag whose attributes hold a binding', () => {
  const code = [
    'html`<td class=${kind}>',
    '  <span>${text}</span>',
    '</td>',
    '<td data-id=${id} hidden>',
    '  ${more}',
    '</td>`',
  ].join('\n');

  assert.equal(
    squeezed(code),
    '<td class=${kind}><span>${text}</span></td>' +
      '<td data-id=${id} hidden>${more}</td>',
  );
});

test('drops the whitespace before the end of a tag, not before />', () => {
  const code = [
    'html`<time datetime=${at}',
    '  >${ago}</time',
    '>',
    '<input',
    '  type="checkbox"',
    '  aria-label=${label}',
    '/>`',
  ].join('\n');

  assert.equal(
    squeezed(code),
    '<time datetime=${at}>${ago}</time> ' +
      '<input type="checkbox" aria-label=${label} />',
  );
});

test('leaves whitespace without a line break as it is', () => {
  const code = 'html`<p>Signed in <b>${name}</b>  here</p>`';

  assert.equal(squeezed(code), '<p>Signed in <b>${name}</b>  here</p>');
});

test('squeezes CSS apart from markup', () => {
  const code = [
    'css`',
    '  /* why */',
    '  .a > .b {',
    '    color: red;',
    '  }`',
  ].join('\n');

  assert.equal(squeezed(code), '.a>.b{color:red}');
});
