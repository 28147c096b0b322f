// The custom elements manifest of <session-manager>, written to
// dist/widget by `npm run analyze`. package.json names it already, so the
// analyzer is told not to edit package.json.
export default {
  globs: ['widget/**/*.ts'],
  exclude: ['widget/build/**', 'widget/locales/**', 'widget/**/*.d.ts'],
  outdir: 'dist/widget',
  litelement: true,
  packagejson: false,
};
