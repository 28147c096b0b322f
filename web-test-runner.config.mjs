// The browser tests' configuration lives in TypeScript beside the servers
// it starts; Node 20 cannot import TypeScript by itself, so tsx is
// registered first.
import { register } from 'tsx/esm/api';

register();

const { browserTestConfig } = await import('./test/support/wtr-config.ts');

export default await browserTestConfig();
