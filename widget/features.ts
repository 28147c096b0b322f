/**
 * Everything the element shows after its first view: the dialogs, the
 * removal history, the export, the self-service list and the failure
 * states. It is its own chunk, fetched as soon as the first view is on
 * screen, so showing the admin list costs only the element's core.
 */
export { FeatureSet } from './feature-set.ts';
export { featureStyles } from './styles/features.ts';
