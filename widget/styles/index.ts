import { layout } from './layout.ts';
import { lists } from './lists.ts';
import { theme } from './theme.ts';

export const styles = [theme, layout, lists];
