import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

import { transformWithOxc } from 'vite';

/**
 * Static files for the demo pages. The pages' own scripts are TypeScript,
 * turned into JavaScript on request (types stripped, nothing bundled), so
 * the demo needs no build step of its own and reads like code a reader can
 * copy into a plain page.
 */

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.ts': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

const compiled = new Map<string, { mtimeMs: number; code: string }>();

/**
 * The file at `relative` inside `root`, or undefined when there is none or
 * the path tries to leave `root`.
 */
export async function findFile(
  root: string,
  relative: string,
): Promise<string | undefined> {
  const path = normalize(join(root, relative));
  if (path !== root && !path.startsWith(root + sep)) {
    return undefined;
  }
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? path : undefined;
}

/** Sends a file, compiling TypeScript to JavaScript first. */
export async function sendFile(
  res: ServerResponse,
  path: string,
  replacements: Record<string, string> = {},
): Promise<void> {
  const extension = extname(path);
  let body: string | Buffer =
    extension === '.ts' ? await compile(path) : await readFile(path);

  if (extension === '.html') {
    body = fillIn(body.toString(), replacements);
  }
  res
    .writeHead(200, {
      'content-type': types[extension] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    })
    .end(body);
}

async function compile(path: string): Promise<string> {
  const { mtimeMs } = await stat(path);
  const known = compiled.get(path);
  if (known?.mtimeMs === mtimeMs) {
    return known.code;
  }

  const source = await readFile(path, 'utf8');
  const { code } = await transformWithOxc(source, path, {
    lang: 'ts',
    sourcemap: false,
  });
  compiled.set(path, { mtimeMs, code });
  return code;
}

/** Replaces each `{{name}}` with its HTML-escaped value. */
function fillIn(text: string, replacements: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = replacements[name];
    return value === undefined ? whole : escapeAttribute(value);
  });
}

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
