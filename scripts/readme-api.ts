import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { cli } from '@custom-elements-manifest/analyzer/cli.js';
import * as prettier from 'prettier';
import * as v from 'valibot';

/**
 * `npm run docs`: writes the element reference in README.md (attributes,
 * properties, methods, events, slots, parts and custom properties) from
 * the custom elements manifest, between two marker comments. The manifest
 * is built in memory from the sources with the same analyzer and
 * configuration as `npm run analyze`, so no widget build is needed and
 * `dist/` is not touched. `test/build/readme.test.ts` fails when README.md
 * differs from what this writes.
 */

export const root = fileURLToPath(new URL('..', import.meta.url));
export const readmePath = join(root, 'README.md');
const analyzerConfig = 'widget/custom-elements-manifest.config.mjs';

export const markers = {
  start: '<!-- element-reference:start: written by npm run docs -->',
  end: '<!-- element-reference:end -->',
};

// Only the parts of the manifest schema the reference shows. Loose objects
// keep this working when the analyzer adds fields.
const text = v.optional(v.string());
const typed = v.optional(v.looseObject({ text: v.string() }));
const named = v.looseObject({ name: v.string(), description: text });

const memberSchema = v.looseObject({
  kind: v.string(),
  name: v.string(),
  privacy: text,
  static: v.optional(v.boolean()),
  type: typed,
  default: text,
  description: text,
  attribute: text,
  reflects: v.optional(v.boolean()),
  parameters: v.optional(
    v.array(v.looseObject({ name: v.string(), type: typed })),
  ),
  return: v.optional(v.looseObject({ type: typed })),
});

const declarationSchema = v.looseObject({
  kind: v.string(),
  name: v.string(),
  tagName: text,
  customElement: v.optional(v.boolean()),
  summary: text,
  members: v.optional(v.array(memberSchema)),
  attributes: v.optional(
    v.array(
      v.looseObject({
        name: v.string(),
        type: typed,
        default: text,
        description: text,
        fieldName: text,
      }),
    ),
  ),
  events: v.optional(v.array(v.looseObject({ ...named.entries, type: typed }))),
  slots: v.optional(v.array(named)),
  cssParts: v.optional(v.array(named)),
  cssProperties: v.optional(
    v.array(v.looseObject({ ...named.entries, default: text })),
  ),
});

const manifestSchema = v.looseObject({
  modules: v.array(
    v.looseObject({
      path: v.string(),
      declarations: v.optional(v.array(declarationSchema)),
    }),
  ),
});

export type Manifest = v.InferOutput<typeof manifestSchema>;
type Declaration = v.InferOutput<typeof declarationSchema>;
type Member = v.InferOutput<typeof memberSchema>;

/** The manifest of the widget's sources, as `npm run analyze` writes it. */
export async function analyzeWidget(): Promise<Manifest> {
  const manifest = await cli({
    argv: ['analyze', '--config', analyzerConfig, '--quiet'],
    cwd: root,
    noWrite: true,
  });
  return v.parse(manifestSchema, manifest);
}

/** The element reference, as Markdown, for every element in `manifest`. */
export function elementReference(manifest: Manifest): string {
  const elements = manifest.modules
    .flatMap((module) =>
      (module.declarations ?? []).map((declaration) => ({
        path: module.path,
        declaration,
      })),
    )
    .filter(
      ({ declaration }) => declaration.customElement && declaration.tagName,
    )
    .sort((a, b) =>
      (a.declaration.tagName ?? '').localeCompare(b.declaration.tagName ?? ''),
    );
  if (elements.length === 0) {
    throw new Error('the custom elements manifest declares no custom element');
  }

  return elements
    .map(({ path, declaration }) => describeElement(path, declaration))
    .join('\n\n');
}

function describeElement(path: string, element: Declaration): string {
  const parts = [
    wrap(
      `\`<${element.tagName}>\`, class \`${element.name}\` in \`${path}\`: ` +
        oneLine(element.summary ?? ''),
    ),
  ];

  const properties = propertyRows(element);
  if (properties.length > 0) {
    parts.push(
      '#### Attributes and properties',
      table(
        ['attribute', 'property', 'type', 'default', 'description'],
        properties,
      ),
    );
  }

  const methods = (element.members ?? []).filter(
    (m) => m.kind === 'method' && isPublic(m),
  );
  if (methods.length > 0) {
    parts.push(
      '#### Methods',
      table(
        ['method', 'description'],
        methods.map((m) => [code(signature(m)), m.description ?? '']),
      ),
    );
  }

  const events = element.events ?? [];
  if (events.length > 0) {
    // The analyzer gives an event a type only when `@fires` names one;
    // the column appears once any event has one.
    const typed = events.some((e) => e.type !== undefined);
    parts.push(
      '#### Events',
      table(
        typed ? ['event', 'type', 'description'] : ['event', 'description'],
        events.map((e) => [
          code(e.name),
          ...(typed ? [e.type ? code(e.type.text) : ''] : []),
          e.description ?? '',
        ]),
      ),
    );
  }

  const sections = [
    ['Slots', 'slot', element.slots],
    ['CSS parts', 'part', element.cssParts],
  ] as const;
  for (const [heading, column, items] of sections) {
    if (items && items.length > 0) {
      parts.push(
        `#### ${heading}`,
        table(
          [column, 'description'],
          items.map((item) => [code(item.name), item.description ?? '']),
        ),
      );
    }
  }

  const cssProperties = element.cssProperties ?? [];
  if (cssProperties.length > 0) {
    parts.push(
      '#### CSS custom properties',
      table(
        ['custom property', 'default', 'description'],
        cssProperties.map((p) => [
          code(p.name),
          p.default === undefined ? '' : code(p.default),
          p.description ?? '',
        ]),
      ),
    );
  }

  return parts.join('\n\n');
}

/**
 * One row per public field, in source order, with its attribute if it has
 * one; then attributes whose field is not public (`lang`, say), which a
 * page sets as attributes only.
 */
function propertyRows(element: Declaration): string[][] {
  const fields = (element.members ?? []).filter((m) => m.kind === 'field');
  const publicFields = new Set(
    fields.filter((m) => isPublic(m)).map((m) => m.name),
  );
  const attributeOf = new Map(
    (element.attributes ?? []).map((a) => [a.fieldName ?? a.name, a]),
  );

  const rows = fields
    .filter((field) => isPublic(field) || field.attribute !== undefined)
    .map((field) => {
      const attribute = attributeOf.get(field.name);
      const name = field.attribute ?? attribute?.name;
      return [
        name === undefined
          ? ''
          : code(name) + (field.reflects ? ' (reflects)' : ''),
        isPublic(field) ? code(field.name) : '',
        field.type ? code(field.type.text) : '',
        field.default === undefined ? '' : code(field.default),
        field.description ?? attribute?.description ?? '',
      ];
    });

  const unattached = (element.attributes ?? []).filter(
    (a) =>
      a.fieldName === undefined || !fields.some((f) => f.name === a.fieldName),
  );
  for (const attribute of unattached) {
    rows.push([
      code(attribute.name),
      publicFields.has(attribute.name) ? code(attribute.name) : '',
      attribute.type ? code(attribute.type.text) : '',
      attribute.default === undefined ? '' : code(attribute.default),
      attribute.description ?? '',
    ]);
  }
  return rows;
}

function isPublic(member: Member): boolean {
  return (
    (member.privacy === undefined || member.privacy === 'public') &&
    member.static !== true &&
    !member.name.startsWith('#') &&
    !member.name.startsWith('_')
  );
}

function signature(method: Member): string {
  const parameters = (method.parameters ?? [])
    .map((p) => (p.type ? `${p.name}: ${p.type.text}` : p.name))
    .join(', ');
  const returns = method.return?.type?.text;
  return `${method.name}(${parameters})${returns ? `: ${returns}` : ''}`;
}

function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) =>
    `| ${cells.map((c) => cell(c)).join(' | ')} |`;
  return [
    line(headers),
    line(headers.map(() => '---')),
    ...rows.map((row) => line(row)),
  ].join('\n');
}

/** A table cell: one line, with its pipes escaped, `-` when empty. */
function cell(value: string): string {
  const flat = oneLine(value).replaceAll('|', '\\|');
  return flat === '' ? '-' : flat;
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** A paragraph broken between words within the 80 columns Prettier keeps. */
function wrap(value: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of oneLine(value).split(' ')) {
    if (line !== '' && line.length + 1 + word.length > 80) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

function code(value: string): string {
  const flat = oneLine(value);
  return flat.includes('`') ? `\`\` ${flat} \`\`` : `\`${flat}\``;
}

/**
 * `readme` with the text between the markers replaced by `reference`,
 * formatted as `npm run format` would, so the result passes
 * `prettier --check` as it is.
 */
export async function withReference(
  readme: string,
  reference: string,
): Promise<string> {
  const start = readme.indexOf(markers.start);
  const end = readme.indexOf(markers.end);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(
      `README.md must hold the marker comments ${markers.start} and ` +
        `${markers.end}, in that order, where the element reference goes`,
    );
  }

  const next =
    readme.slice(0, start + markers.start.length) +
    `\n\n${reference}\n\n` +
    readme.slice(end);
  const options = await prettier.resolveConfig(readmePath);
  return prettier.format(next, { ...options, filepath: readmePath });
}

/** README.md as `npm run docs` would write it. */
export async function regeneratedReadme(readme: string): Promise<string> {
  return withReference(readme, elementReference(await analyzeWidget()));
}

async function main(): Promise<void> {
  const readme = await readFile(readmePath, 'utf8');
  const next = await regeneratedReadme(readme);
  if (next === readme) {
    console.log('README.md: the element reference is up to date');
    return;
  }
  await writeFile(readmePath, next);
  console.log('README.md: wrote the element reference');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
