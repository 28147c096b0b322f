import { fileURLToPath } from 'node:url';

import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';

import manifest from '../manifest.json' with { type: 'json' };

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  publicDir: fileURLToPath(new URL('public', import.meta.url)),
  plugins: [crx({ manifest })],
  build: {
    outDir: 'dist/extension',
    emptyOutDir: true,
  },
});
