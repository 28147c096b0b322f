import { SessionManager } from './session-manager.ts';

/**
 * Registers `<session-manager>`. A page that already has the tag (a second
 * copy of this script, or a host's own class under that name) keeps the
 * one it has instead of throwing.
 */
export const tagName = 'session-manager';

if (!customElements.get('session-manager')) {
  customElements.define('session-manager', SessionManager);
}

export * from './index.ts';

declare global {
  interface HTMLElementTagNameMap {
    'session-manager': SessionManager;
  }
}
