import { css } from 'lit';

/**
 * The element's colours, type and spacing. Every public custom property
 * has a default for light and one for dark (`prefers-color-scheme`); the
 * private `--_` copies are what the rules read. Spacing uses logical
 * properties throughout, so right-to-left pages mirror the layout.
 */
export const theme = css`
  :host {
    --_bg: var(--session-manager-background, #ffffff);
    --_fg: var(--session-manager-color, #1b1f24);
    --_muted: var(--session-manager-muted-color, #57606a);
    --_border: var(--session-manager-border-color, #d0d7de);
    --_surface: var(--session-manager-surface, #f6f8fa);
    --_accent: var(--session-manager-accent, #0b5cad);
    --_on-accent: var(--session-manager-on-accent, #ffffff);
    --_danger: var(--session-manager-danger, #b3261e);
    --_on-danger: var(--session-manager-on-danger, #ffffff);
    --_new: var(--session-manager-highlight, #fff4c2);
    --_warn: #7a4d00;
    --_radius: var(--session-manager-radius, 6px);
    --_gap: var(--session-manager-spacing, 0.75rem);
    --_font: var(
      --session-manager-font,
      system-ui,
      -apple-system,
      'Segoe UI',
      sans-serif
    );

    display: block;
    color-scheme: light dark;
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: var(--session-manager-font-size, 0.9375rem);
    line-height: 1.45;
    color: var(--_fg);
    background: var(--_bg);
  }

  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--session-manager-background, #16191d);
      --_fg: var(--session-manager-color, #e6e9ec);
      --_muted: var(--session-manager-muted-color, #a4adb6);
      --_border: var(--session-manager-border-color, #3a4149);
      --_surface: var(--session-manager-surface, #1f2429);
      --_accent: var(--session-manager-accent, #7cb4f5);
      --_on-accent: var(--session-manager-on-accent, #0b1724);
      --_danger: var(--session-manager-danger, #ff9b91);
      --_on-danger: var(--session-manager-on-danger, #2b0703);
      --_new: var(--session-manager-highlight, #3d3510);
      --_warn: #f2c66d;
    }
  }

  :host([hidden]) {
    display: none;
  }

  :host([compact]) {
    --_gap: var(--session-manager-spacing, 0.5rem);
    font-size: var(--session-manager-font-size, 0.8125rem);
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  .muted {
    color: var(--_muted);
  }

  .mono,
  .id {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 0.92em;
    overflow-wrap: anywhere;
  }

  .id {
    display: block;
    color: var(--_muted);
  }

  .problem {
    color: var(--_danger);
  }

  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;
