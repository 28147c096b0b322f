import ts from 'typescript';
import type { Plugin } from 'vite';

/**
 * A Vite plugin that squeezes the whitespace out of Lit's `html`, `svg`
 * and `css` templates in the element's own sources. Minifiers leave
 * template text alone, and Prettier's indentation is a fifth of the
 * element's bytes. A run of whitespace that holds a line break becomes
 * one space, which renders the same: HTML and CSS collapse whitespace
 * anyway, and the element has no `<pre>` or `<textarea>` default content.
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
      for (const part of parts) {
        // The literal's text between its delimiters: ` or } before, ` or
        // ${ after.
        const start = part.getStart(source) + 1;
        const end =
          part.getEnd() -
          (ts.isTemplateMiddle(part) || ts.isTemplateHead(part) ? 2 : 1);
        const text = code.slice(start, end);
        const squeezed =
          node.tag.text === 'css' ? squeezeCss(text) : squeezeMarkup(text);
        if (squeezed !== text) {
          edits.push({ start, end, text: squeezed });
        }
      }
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

function squeezeMarkup(text: string): string {
  return text.replace(/[ \t]*\n\s*/g, ' ');
}

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
