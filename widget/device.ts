import { msg, str } from '@lit/localize';
import { svg, type SVGTemplateResult } from 'lit';

/**
 * The browser, operating system and kind of device a user agent string
 * names. A handful of patterns covers the browsers people use; anything
 * else is reported as unknown rather than guessed. A full user-agent
 * library would cost more bytes than the rest of the element.
 */
export interface Device {
  readonly browser: string | null;
  readonly os: string | null;
  readonly kind: 'desktop' | 'mobile' | 'tablet' | 'unknown';
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says
// "Safari", so the more specific names are tried first.
const browsers: readonly [string, RegExp][] = [
  ['Edge', /\bEdg(?:e|A|iOS)?\//],
  ['Opera', /\b(?:OPR|OPiOS)\//],
  ['Samsung Internet', /\bSamsungBrowser\//],
  ['Vivaldi', /\bVivaldi\//],
  ['Firefox', /\b(?:Firefox|FxiOS)\//],
  ['Chrome', /\b(?:Chrome|CriOS|Chromium)\//],
  ['Safari', /\bVersion\/[\d.]+.*\bSafari\//],
];

const systems: readonly [string, RegExp][] = [
  ['iPadOS', /\biPad\b/],
  ['iOS', /\b(?:iPhone|iPod)\b/],
  ['Android', /\bAndroid\b/],
  ['ChromeOS', /\bCrOS\b/],
  ['Windows', /\bWindows\b/],
  ['macOS', /\bMac OS X\b|\bMacintosh\b/],
  ['Linux', /\bLinux\b|\bX11\b/],
];

// Most sessions come from a few browsers, and each row is drawn again on
// every update: parsing each distinct string once saves up to fourteen
// pattern tests a row. Bounded, since the strings come from the network.
const parsedAgents = new Map<string, Device>();
const parsedAgentsKept = 500;

export function parseUserAgent(userAgent: string | null): Device {
  if (!userAgent) {
    return { browser: null, os: null, kind: 'unknown' };
  }

  let device = parsedAgents.get(userAgent);
  if (!device) {
    if (parsedAgents.size >= parsedAgentsKept) {
      parsedAgents.clear();
    }
    device = parse(userAgent);
    parsedAgents.set(userAgent, device);
  }
  return device;
}

function parse(userAgent: string): Device {
  const browser = browsers.find(([, pattern]) => pattern.test(userAgent));
  const os = systems.find(([, pattern]) => pattern.test(userAgent))?.[0];
  let kind: Device['kind'] = os ? 'desktop' : 'unknown';
  if (os === 'iPadOS' || (os === 'Android' && !/Mobile/.test(userAgent))) {
    kind = 'tablet';
  } else if (os === 'iOS' || os === 'Android') {
    kind = 'mobile';
  }
  return { browser: browser?.[0] ?? null, os: os ?? null, kind };
}

/** "Firefox on Linux", or as much of it as is known. */
export function deviceTitle(device: Device): string {
  const { browser, os } = device;
  if (browser && os) {
    return msg(str`${browser} on ${os}`, {
      desc: 'A device: the browser, then the operating system.',
    });
  }
  return browser ?? os ?? msg('Unknown device');
}

// Each icon is one path (its corners drawn as curves), so a row that shows
// another kind of device than before changes an attribute instead of
// replacing the icon's elements: paging through 100 rows replaced about
// 60 icons a page before.
const outlines: Record<Device['kind'], string> = {
  desktop:
    'M4.5 4h15q1.5 0 1.5 1.5v9q0 1.5-1.5 1.5h-15q-1.5 0-1.5-1.5v-9q0-1.5 ' +
    '1.5-1.5zM9 20h6M12 16v4',
  mobile: 'M9 2.5h6q2 0 2 2v15q0 2-2 2H9q-2 0-2-2v-15q0-2 2-2zM11 18.5h2',
  tablet: 'M6 2.5h12q2 0 2 2v15q0 2-2 2H6q-2 0-2-2v-15q0-2 2-2zM11 18.5h2',
  unknown:
    'M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0zM9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6' +
    '.3-1 .8-1 1.5v.7M12 17h.01',
};

/** The outline of `device`'s kind, as an SVG path. */
export function deviceOutline(device: Device): string {
  return outlines[device.kind];
}

/** A line icon of the kind of device; decorative, the title says it. */
export function deviceIcon(device: Device): SVGTemplateResult {
  return svg`<svg
    class="icon"
    viewBox="0 0 24 24"
    aria-hidden="true"
    focusable="false"
  ><path d=${deviceOutline(device)} /></svg>`;
}
