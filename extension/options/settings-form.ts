import { SessionClient } from '../../shared/index.ts';
import { t, type MessageKey } from '../i18n.ts';
import { checkIssuer } from '../settings/issuer.ts';
import { releaseIdpAccess, requestIdpAccess } from '../settings/permissions.ts';
import {
  readSettings,
  saveSettings,
  type ResolvedSettings,
} from '../settings/settings.ts';
import { byId } from '../pages/elements.ts';

/**
 * The identity-provider form: fills it from the settings, marks what
 * policy fixed as read-only, and on submit asks for the IdP origin,
 * saves, and checks discovery. `say` shows a line in the status region.
 */
export function settingsForm(say: (text: string) => void) {
  const form = byId<HTMLFormElement>('settings');
  const issuer = byId<HTMLInputElement>('issuer');
  const clientId = byId<HTMLInputElement>('client-id');
  const problem = byId('issuer-problem');

  const fill = (settings: ResolvedSettings) => {
    issuer.value = settings.issuer ?? '';
    clientId.value = settings.clientId;
    issuer.readOnly = settings.managed.issuer;
    clientId.readOnly = settings.managed.clientId;
    byId('issuer-managed').hidden = !settings.managed.issuer;
    byId('client-managed').hidden = !settings.managed.clientId;
    byId<HTMLButtonElement>('save').hidden =
      settings.managed.issuer && settings.managed.clientId;
  };

  const showProblem = (key: MessageKey | null) => {
    problem.hidden = key === null;
    problem.textContent = key === null ? '' : t(key);
    issuer.setAttribute('aria-invalid', String(key !== null));
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const checked = checkIssuer(issuer.value);
    if (typeof checked === 'string') {
      showProblem(checked);
      issuer.focus();
      return;
    }
    showProblem(null);

    // Asked before any await: the prompt needs this click's user gesture.
    const granted = requestIdpAccess(checked);
    void save(checked, clientId.value.trim(), granted, say);
  });

  return { refresh: async () => fill(await readSettings()) };
}

async function save(
  issuer: URL,
  clientId: string,
  granted: Promise<boolean>,
  say: (text: string) => void,
): Promise<void> {
  const issuerText = issuer.href.replace(/\/+$/, '');
  if (!(await granted)) {
    say(t('permissionDenied', issuer.origin));
    return;
  }

  const previous = await readSettings();
  if (previous.issuer && new URL(previous.issuer).origin !== issuer.origin) {
    await releaseIdpAccess(previous.issuer);
  }
  await saveSettings({ issuer: issuerText, clientId });

  try {
    const client = await SessionClient.discover(issuerText);
    say(t('settingsSaved', client.endpoint));
  } catch (error) {
    say(t('discoveryFailed', error instanceof Error ? error.message : ''));
  }
}
