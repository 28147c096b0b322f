import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { build, type InlineConfig, type Plugin, type Rolldown } from 'vite';

import { builds } from '../vite.config.ts';

/**
 * What a page downloads for an entry module: every chunk the project's
 * widget build makes of it, with each chunk's gzip size and the bytes
 * each source module contributed.
 */

export interface BundleSize {
  minBytes: number;
  gzipBytes: number;
  /** Chunk file names with their gzip bytes; dynamic imports included. */
  chunks: ChunkSize[];
  /** Bytes before minifying by source, largest first (see `sourceOf`). */
  sources: { source: string; bytes: number }[];
  /** The same by module, a project file or a package (see `moduleOf`). */
  modules: { source: string; bytes: number }[];
}

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The project's own widget build (vite.config.ts: template squeezing, the
 * small ky stand-in, chunking) aimed at `entry`, kept in memory.
 */
export function widgetBuildFor(entry: string, fileName: string): InlineConfig {
  const base = builds['widget']?.() ?? {};
  return {
    ...base,
    root,
    configFile: false,
    logLevel: 'silent',
    resolve: {
      ...base.resolve,
      conditions: ['production', 'browser'],
    },
    build: {
      ...base.build,
      write: false,
      emptyOutDir: false,
      sourcemap: false,
      lib: { entry, formats: ['es'], fileName: () => fileName },
    },
  };
}

export interface ChunkSize {
  name: string;
  minBytes: number;
  gzipBytes: number;
  dynamic: boolean;
  /** Whether this is the module a page loads. */
  entry: boolean;
  /** File names of the chunks this one imports statically. */
  imports: string[];
  /** The chunk's sources with their bytes before minifying. */
  sources: { source: string; bytes: number }[];
  /** The chunk's modules with their bytes before minifying. */
  modules: { source: string; bytes: number }[];
}

export async function measureBundle(
  entry: string,
  config: InlineConfig = widgetBuildFor(entry, 'entry.js'),
): Promise<BundleSize> {
  const output = await build(config);
  const results = Array.isArray(output) ? output : [output];
  const chunks = results.flatMap((result) =>
    'output' in result
      ? result.output.filter(
          (item): item is Rolldown.OutputChunk => item.type === 'chunk',
        )
      : [],
  );

  const sizes = chunks.map((chunk): ChunkSize => ({
    name: chunk.fileName,
    minBytes: Buffer.byteLength(chunk.code),
    gzipBytes: gzipped(chunk.code),
    dynamic: chunk.isDynamicEntry,
    entry: chunk.isEntry,
    imports: chunk.imports,
    sources: bySource(
      Object.entries(chunk.modules).map(([id, info]) => ({
        source: sourceOf(id),
        bytes: info.renderedLength,
      })),
    ),
    modules: bySource(
      Object.entries(chunk.modules).map(([id, info]) => ({
        source: moduleOf(id),
        bytes: info.renderedLength,
      })),
    ),
  }));

  return {
    minBytes: sum(sizes.map((chunk) => chunk.minBytes)),
    gzipBytes: sum(sizes.map((chunk) => chunk.gzipBytes)),
    chunks: sizes,
    sources: bySource(sizes.flatMap((chunk) => chunk.sources)),
    modules: bySource(sizes.flatMap((chunk) => chunk.modules)),
  };
}

/** Sums bytes by source, largest first. */
export function bySource(
  modules: readonly { source: string; bytes: number }[],
): { source: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const { source, bytes } of modules) {
    totals.set(source, (totals.get(source) ?? 0) + bytes);
  }
  return [...totals]
    .map(([source, bytes]) => ({ source, bytes }))
    .sort((a, b) => b.bytes - a.bytes);
}

/**
 * A package name for a dependency (`lit-html`, `@lit/localize`), or the
 * project folder a module lives in (`widget/admin`, `shared/client`).
 */
function sourceOf(id: string): string {
  const path = id.replaceAll('\\', '/');
  const dependency = packageOf(path);
  if (dependency !== null) {
    return dependency;
  }
  const file = fromRoot(path);
  const folders = file.split('/').slice(0, -1);
  return folders.slice(0, 2).join('/') || file;
}

/**
 * A package name for a dependency, whose files count as one module (a
 * package's build is usually one file or two), or a project file's path
 * from the root (`widget/coordinator.ts`).
 */
function moduleOf(id: string): string {
  const path = id.replaceAll('\\', '/');
  return packageOf(path) ?? fromRoot(path);
}

/** The package a module path is in, or null for the project's own. */
function packageOf(path: string): string | null {
  const inPackages = path.lastIndexOf('/node_modules/');
  if (inPackages < 0) {
    return null;
  }
  const parts = path.slice(inPackages + 14).split('/');
  return parts[0]?.startsWith('@')
    ? `${parts[0]}/${parts[1] ?? ''}`
    : (parts[0] ?? path);
}

function fromRoot(path: string): string {
  return path.startsWith(root) ? path.slice(root.length) : path;
}

/**
 * The element's build with the shared client, cache and contract left
 * out: `shared/index.ts`, and the loader of the removal wire, are
 * replaced by names that stand for nothing. What is left is the
 * element's own code on a client and a cache of no bytes. Such a bundle
 * cannot run, so only its size is read. Each stand-in is a pure call, so
 * the names nothing uses are dropped; each one used costs its call, a
 * few bytes a real import does not, so the figure is if anything a
 * little high. `alongside`, when given, is bundled too: the least an
 * element that checks pages from IndexedDB must carry.
 */
export async function measureWithoutShared(
  entry: string,
  alongside?: string,
): Promise<BundleSize> {
  const sharedNames = Object.keys(await import('../shared/index.ts'));
  const standIns = new Map([
    [
      join(root, 'shared/index.ts'),
      [
        standInsFor(sharedNames),
        ...(alongside
          ? [
              `import * as alongside from '${join(root, alongside)}';`,
              'globalThis.alongside = alongside;',
            ]
          : []),
      ].join('\n'),
    ],
    [
      join(root, 'widget/build/lazy-removal-wire.ts'),
      standInsFor(['loadRemovalWire']),
    ],
  ]);

  const config = widgetBuildFor(entry, 'entry.js');
  const leaveOutShared: Plugin = {
    name: 'leave-out-shared',
    enforce: 'pre',
    load: (id) => standIns.get(id),
  };
  return measureBundle(entry, {
    ...config,
    plugins: [leaveOutShared, ...(config.plugins ?? [])],
  });
}

/** A module whose exports `names` are each a global looked up by name. */
function standInsFor(names: readonly string[]): string {
  return [
    'const standIn = (name) => globalThis[name];',
    ...names.map(
      (name) => `export const ${name} = /* @__PURE__ */ standIn('${name}');`,
    ),
  ].join('\n');
}

function gzipped(code: string): number {
  return gzipSync(code, { level: 9 }).length;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
