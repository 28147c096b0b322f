import { fileURLToPath } from 'node:url';

import { crx } from '@crxjs/vite-plugin';
import { defineConfig, type UserConfig } from 'vite';

import manifest from './manifest.json' with { type: 'json' };
import { minifyTemplates } from './widget/build/minify-templates.ts';

/**
 * The project's Vite builds, one per `--mode`:
 *
 * - `widget`: `dist/widget/session-manager.js`, one self-contained module
 *   that registers `<session-manager>`; a `<script type="module">` is all
 *   a host adds. Translations are separate chunks loaded on demand.
 * - `widget-class`: `dist/widget/session-manager-element.js`, the same
 *   element without registering a tag, for hosts that pick their own.
 *
 * The widget builds squeeze Lit templates, give the shared client a
 * small stand-in for ky (see `widget/build/ky-lite.ts`), and take only
 * the parts of @lit/localize that English needs into the element's core
 * (`widget/build/localize-lite.ts`), and leave what only removals and the
 * removal history send and read for a chunk fetched when a dialog opens
 * (`widget/build/lazy-removal-wire.ts`), which is what keeps the element
 * within its size budget.
 *
 * - `extension`: `dist/extension/`, the unpacked Chrome extension that
 *   @crxjs/vite-plugin makes from the root `manifest.json`, with the
 *   files of `extension/public/` copied beside it. It bundles the widget
 *   from source with real ky: the popup is not size-bound, and the
 *   stand-in is for the published module only. `npm run build:extension`
 *   runs this mode and zips the result for the store.
 */

const widgetOutDir = 'dist/widget';

/** A file of `widget/build/`, as a path an alias can point to. */
function buildHelper(name: string): string {
  return fileURLToPath(new URL(`widget/build/${name}`, import.meta.url));
}

function widgetBuild(entry: string, fileName: string, empty: boolean) {
  return (): UserConfig => ({
    publicDir: false,
    plugins: [minifyTemplates(/\/widget\/.*\.ts$/)],
    resolve: {
      alias: [
        { find: /^ky$/, replacement: buildHelper('ky-lite.ts') },
        {
          find: /^@lit\/localize$/,
          replacement: buildHelper('localize-lite.ts'),
        },
        {
          find: /^.*\/load-removal-wire\.ts$/,
          replacement: buildHelper('lazy-removal-wire.ts'),
        },
      ],
    },
    build: {
      outDir: widgetOutDir,
      emptyOutDir: empty,
      target: 'es2022',
      sourcemap: true,
      reportCompressedSize: false,
      lib: {
        entry,
        formats: ['es'],
        fileName: () => fileName,
      },
      rolldownOptions: {
        // Lets the entry hand its modules to the chunks it loads later
        // (extra exports with mangled names) instead of splitting them
        // into a third file that the first view would have to fetch too.
        preserveEntrySignatures: 'allow-extension',
        // The contract's and the client's modules only declare: schemas
        // built at the top of a module are calls a bundler must otherwise
        // keep, and with them every schema a module has, used or not.
        treeshake: {
          moduleSideEffects: (id: string) =>
            !/\/shared\/(contract|client)\//.test(id),
        },
        output: {
          // Library mode keeps whitespace in ES output unless told.
          minify: true,
          comments: false,
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  });
}

function extensionBuild(): UserConfig {
  return {
    publicDir: fileURLToPath(new URL('extension/public', import.meta.url)),
    plugins: [crx({ manifest })],
    build: {
      outDir: 'dist/extension',
      emptyOutDir: true,
    },
  };
}

export const builds: Record<string, () => UserConfig> = {
  widget: widgetBuild('widget/define.ts', 'session-manager.js', true),
  'widget-class': widgetBuild(
    'widget/index.ts',
    'session-manager-element.js',
    false,
  ),
  extension: extensionBuild,
};

export default defineConfig(({ mode }) => {
  const build = builds[mode];
  if (!build) {
    throw new Error(
      `vite.config.ts has no build for --mode ${mode}; ` +
        `use one of: ${Object.keys(builds).join(', ')}`,
    );
  }
  return build();
});
