import { layout } from './layout.ts';
import { results } from './results.ts';
import { theme } from './theme.ts';

/** What the first view needs; the rest comes with the features chunk. */
export const styles = [theme, layout, results];
