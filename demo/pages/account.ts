import { runPortal } from './portal.ts';

await runPortal({
  clientId: 'account-page',
  scope: 'openid profile sessions.self',
  mode: 'self',
});
