import { css } from 'lit';

/** The user's own device list. */
export const selfStyles = css`
  .buttons.start {
    justify-content: flex-start;
  }

  .badge.current {
    border-color: var(--_accent);
    color: var(--_accent);
  }

  .devices {
    display: grid;
    gap: var(--_gap);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .devices > li {
    display: flex;
    align-items: flex-start;
    gap: var(--_gap);
    padding: var(--_gap);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .devices > li.current {
    border-color: var(--_accent);
  }

  .devices > li.appeared {
    background: var(--_new);
  }

  .devices .icon {
    inline-size: 1.75em;
    block-size: 1.75em;
  }

  .device-body {
    flex: 1 1 auto;
    min-inline-size: 0;
  }

  .device-title {
    margin: 0 0 0.25em;
    font-size: 1em;
  }

  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.15em 1.25em;
    margin: 0;
  }

  .facts dt {
    font-size: 0.85em;
    color: var(--_muted);
  }

  .facts dd {
    margin: 0;
  }
`;
