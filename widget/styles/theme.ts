import { css } from 'lit';

/**
 * The element's colours, type and spacing. Every public custom property
 * has a light and a dark default, picked by `light-dark()` from the used
 * colour scheme: the reader's `prefers-color-scheme`, unless the host sets
 * `color-scheme` on the element to force one. The private `--_` copies
 * are what the rules read. Spacing uses logical properties throughout, so
 * right-to-left pages mirror the layout.
 */
export const theme = css`
  :host {
    --_bg: var(--session-manager-background, light-dark(#ffffff, #16191d));
    --_fg: var(--session-manager-color, light-dark(#1b1f24, #e6e9ec));
    --_muted: var(--session-manager-muted-color, light-dark(#57606a, #a4adb6));
    --_border: var(
      --session-manager-border-color,
      light-dark(#d0d7de, #3a4149)
    );
    --_surface: var(--session-manager-surface, light-dark(#f6f8fa, #1f2429));
    --_accent: var(--session-manager-accent, light-dark(#0b5cad, #7cb4f5));
    --_on-accent: var(
      --session-manager-on-accent,
      light-dark(#ffffff, #0b1724)
    );
    --_danger: var(--session-manager-danger, light-dark(#b3261e, #ff9b91));
    --_on-danger: var(
      --session-manager-on-danger,
      light-dark(#ffffff, #2b0703)
    );
    --_new: var(--session-manager-highlight, light-dark(#fff4c2, #3d3510));
    --_warn: light-dark(#7a4d00, #f2c66d);
    --_radius: var(--session-manager-radius, 6px);
    --_gap: var(--session-manager-spacing, 0.75rem);

    display: block;
    color-scheme: light dark;
    box-sizing: border-box;
    font-family: var(--session-manager-font, system-ui, sans-serif);
    font-size: var(--session-manager-font-size, 0.9375rem);
    line-height: 1.45;
    color: var(--_fg);
    background: var(--_bg);
  }

  :host([hidden]) {
    display: none;
  }

  /* Inside the element, hidden means hidden whatever display another
     rule gives (buttons are inline-flex). The rule for the host above
     stays one a page can override. */
  [hidden] {
    display: none !important;
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
