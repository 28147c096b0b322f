import { runPortal } from './portal.ts';

await runPortal({
  clientId: 'admin-portal',
  scope: 'openid profile sessions.admin',
  mode: 'admin',
});
