/// <reference types="chrome" />

import { RemovalRunner } from '../removals/runner.ts';
import { handlers, listenForMessages } from './router.ts';
import { listenForShortcuts } from './shortcuts.ts';

/**
 * The extension's service worker: it holds the tokens, signs in and out,
 * and runs removals so that they outlive the popup. Chrome may stop it
 * whenever it is idle; every listener is added on the first turn so a
 * restarted worker hears the event that woke it.
 */

// Tokens are in session storage; content scripts must never read them.
void chrome.storage.session.setAccessLevel({
  accessLevel: 'TRUSTED_CONTEXTS',
});

const runner = new RemovalRunner();
listenForMessages(handlers(runner));
listenForShortcuts();

// A worker that was stopped mid-removal finishes it now.
void runner.resume();
