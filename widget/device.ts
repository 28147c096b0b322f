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

export function parseUserAgent(userAgent: string | null): Device {
  if (!userAgent) {
    return { browser: null, os: null, kind: 'unknown' };
  }

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

const paths: Record<Device['kind'], SVGTemplateResult> = {
  desktop: svg`<rect x="3" y="4" width="18" height="12" rx="1.5"/>
    <path d="M9 20h6M12 16v4"/>`,
  mobile: svg`<rect x="7" y="2.5" width="10" height="19" rx="2"/>
    <path d="M11 18.5h2"/>`,
  tablet: svg`<rect x="4" y="2.5" width="16" height="19" rx="2"/>
    <path d="M11 18.5h2"/>`,
  unknown: svg`<circle cx="12" cy="12" r="9"/>
    <path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .8-1 1.5v.7M12 17h.01"/>`,
};

/** A line icon of the kind of device; decorative, the title says it. */
export function deviceIcon(device: Device): SVGTemplateResult {
  return svg`<svg
    class="icon"
    viewBox="0 0 24 24"
    aria-hidden="true"
    focusable="false"
  >${paths[device.kind]}</svg>`;
}
