import ts from 'typescript';
import type { Plugin } from 'vite';

/**
 * A Vite plugin that squeezes the whitespace out of Lit's `html`, `svg`
 * and `css` templates in the element's own sources. Minifiers leave
 * template text alone, and Prettier's indentation is a fifth of the
 * element's bytes.
 *
 * A run of whitespace that holds a line break becomes one space, which
 * renders the same: HTML and CSS collapse whitespace anyway, and the
 * element has no `<pre>` or `<textarea>` default content. Where the run
 * touches the edge of a block (a table part, a `div`, a list item...) or
 * the inside edge of a button, it goes altogether: a space there is never
 * drawn, but each one is a text node that every clone of the template
 * copies and inserts. They were 39 of the 101 nodes of a results row.
 */
export function minifyTemplates(include: RegExp): Plugin {
  return {
    name: 'session-manager:minify-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!include.test(id) || !/\b(?:html|svg|css)`/.test(code)) {
        return null;
      }
      return { code: squeeze(code, id), map: null };
    },
  };
}

const tags = new Set(['html', 'svg', 'css']);

/** The source with every template literal part of a known tag squeezed. */
export function squeeze(code: string, fileName: string): string {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest);
  const edits: { start: number; end: number; text: string }[] = [];

  const visit = (node: ts.Node): void => {
    if (
      ts.isTaggedTemplateExpression(node) &&
      ts.isIdentifier(node.tag) &&
      tags.has(node.tag.text)
    ) {
      const template = node.template;
      const parts = ts.isNoSubstitutionTemplateLiteral(template)
        ? [template]
        : [template.head, ...template.templateSpans.map((s) => s.literal)];
      // Each literal's text between its delimiters: ` or } before, ` or
      // ${ after.
      const spans = parts.map((part) => {
        const start = part.getStart(source) + 1;
        const end =
          part.getEnd() -
          (ts.isTemplateMiddle(part) || ts.isTemplateHead(part) ? 2 : 1);
        return { start, end, text: code.slice(start, end) };
      });
      const texts = spans.map((span) => span.text);
      const squeezed =
        node.tag.text === 'css' ? texts.map(squeezeCss) : squeezeMarkup(texts);
      spans.forEach((span, index) => {
        const text = squeezed[index] ?? span.text;
        if (text !== span.text) {
          edits.push({ ...span, text });
        }
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  let result = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/**
 * Elements the element's styles lay out as blocks (or table parts, or
 * flex and grid containers): whitespace at their edges, inside or out,
 * is never drawn. None of the element's styles makes one of them inline.
 */
const blocks = new Set(
  (
    'table caption thead tbody tfoot tr td th div section header footer ' +
    'nav main aside article p ul ol li dl dt dd form fieldset legend h1 ' +
    'h2 h3 h4 h5 h6 dialog details summary figure'
  ).split(' '),
);

/** Stands for a binding between a template's literal parts. */
const binding = '\u0000';

/**
 * Squeezes one template's literal parts, seen together so that a tag
 * split by a binding (`<td class=${...}>`) is still known for what it is.
 */
function squeezeMarkup(texts: readonly string[]): string[] {
  const whole = texts.join(binding);
  const squeezed = whole.replace(/[ \t]*\n\s*/g, (run, offset: number) =>
    drawn(whole.slice(0, offset), whole.slice(offset + run.length)) ? ' ' : '',
  );
  return squeezed.split(binding);
}

/** Whether a space between `before` and `after` can show. */
function drawn(before: string, after: string): boolean {
  // Before the end of a tag (`</span\n>`, Prettier's way of keeping
  // text tight) the space is no text at all. Not before `/>`: after an
  // unquoted value, as a binding is, the slash would join the value.
  const inTag = before.lastIndexOf('<') > before.lastIndexOf('>');
  if (inTag && after.startsWith('>')) {
    return false;
  }

  const left = /<(\/?)([a-z][\w-]*)[^<>]*>$/i.exec(before);
  const right = /^<(\/?)([a-z][\w-]*)/i.exec(after);
  const leftName = left?.[2]?.toLowerCase();
  const rightName = right?.[2]?.toLowerCase();
  if (blocks.has(leftName ?? '') || blocks.has(rightName ?? '')) {
    return false;
  }
  // A button's content starts and ends a line of its own box, and an
  // icon's drawing has no text to space.
  const opens = left?.[1] === '' && inside.has(leftName ?? '');
  const closes = right?.[1] === '/' && inside.has(rightName ?? '');
  const inIcon = shapes.has(leftName ?? '') || shapes.has(rightName ?? '');
  return !opens && !closes && !inIcon;
}

/** Elements whose content never shows a space at its edges. */
const inside = new Set(['button', 'svg']);

/** The shapes of the element's icons: no space is drawn beside them. */
const shapes = new Set(['path', 'circle', 'rect', 'line', 'polyline']);

/**
 * CSS loses its comments, the spaces around braces, semicolons, commas and
 * child combinators, inside parentheses, and after a declaration's colon.
 * A space before a colon is kept: in a selector it is a descendant
 * combinator. So are the spaces around `+`, which `calc()` needs.
 */
function squeezeCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}
