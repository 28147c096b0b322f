/// <reference types="chrome" />

/**
 * Where the extension signs in: the IdP's issuer and the OAuth client id.
 * An organisation may set either by policy (`storage.managed`); a managed
 * value wins over the one saved on the options page and cannot be changed
 * there.
 */
export interface Settings {
  /** The IdP's issuer URL; null until someone configures it. */
  readonly issuer: string | null;
  readonly clientId: string;
}

/** The settings in force, and which of them the organisation set. */
export interface ResolvedSettings extends Settings {
  readonly managed: { readonly issuer: boolean; readonly clientId: boolean };
}

/** The client the reference IdP registers for this extension. */
export const defaultClientId = 'session-manager-extension';

const savedKey = 'settings';

/** Policy values; an empty object when no policy applies. */
export type ManagedValues = Partial<Record<keyof Settings, unknown>>;

/**
 * Reads policy. Browsers without a policy store, or with a schema error,
 * reject the call; either means "nothing managed".
 */
export async function readManaged(): Promise<ManagedValues> {
  try {
    return await chrome.storage.managed.get(['issuer', 'clientId']);
  } catch {
    return {};
  }
}

/** The saved settings with policy laid over them. */
export async function readSettings(): Promise<ResolvedSettings> {
  const [managed, stored] = await Promise.all([
    readManaged(),
    chrome.storage.local.get(savedKey),
  ]);
  return resolveSettings(managed, stored[savedKey]);
}

export function resolveSettings(
  managed: ManagedValues,
  saved: unknown,
): ResolvedSettings {
  const local = (
    typeof saved === 'object' && saved !== null ? saved : {}
  ) as Partial<Record<keyof Settings, unknown>>;
  const managedIssuer = nonEmpty(managed.issuer);
  const managedClient = nonEmpty(managed.clientId);

  return {
    issuer: managedIssuer ?? nonEmpty(local.issuer),
    clientId: managedClient ?? nonEmpty(local.clientId) ?? defaultClientId,
    managed: {
      issuer: managedIssuer !== null,
      clientId: managedClient !== null,
    },
  };
}

/** Saves what the options page may change; managed values are kept out. */
export async function saveSettings(settings: Settings): Promise<void> {
  const current = await readSettings();
  const next: Settings = {
    issuer: current.managed.issuer ? null : settings.issuer,
    clientId: current.managed.clientId ? defaultClientId : settings.clientId,
  };
  await chrome.storage.local.set({ [savedKey]: next });
}

/** Calls back when policy or the saved settings change. */
export function onSettingsChanged(listener: () => void): void {
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed' || (area === 'local' && savedKey in changes)) {
      listener();
    }
  });
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
