import { css } from 'lit';

/** Controls, the header, the toolbar, tabs, states and banners. */
export const layout = css`
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_gap);
    margin-block-end: var(--_gap);
  }

  h2 {
    margin: 0;
    font-size: 1.25em;
  }

  :host([compact]) h2 {
    font-size: 1.1em;
  }

  .freshness {
    display: flex;
    align-items: center;
    gap: calc(var(--_gap) / 2);
    color: var(--_muted);
  }

  button,
  select,
  input {
    font: inherit;
    color: inherit;
  }

  button {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    padding-block: 0.3em;
    padding-inline: 0.8em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
    white-space: nowrap;
  }

  button:hover:not(:disabled) {
    border-color: var(--_accent);
  }

  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }

  button.danger {
    border-color: var(--_danger);
    background: var(--_bg);
    color: var(--_danger);
  }

  select,
  input[type='search'] {
    padding-block: 0.3em;
    padding-inline: 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }

  .search {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_gap);
    margin-block-end: calc(var(--_gap) / 2);
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: 0.2em;
    font-size: 0.92em;
    color: var(--_muted);
  }

  .field > select,
  .field > input {
    color: var(--_fg);
  }

  .grow {
    flex: 1 1 12em;
  }

  .match {
    display: flex;
    gap: var(--_gap);
    margin: 0;
    padding: 0;
    border: 0;
  }

  .match legend {
    float: inline-start;
    margin-inline-end: 0.25em;
    color: var(--_muted);
    font-size: 0.92em;
  }

  .hint,
  .filter {
    margin-block: 0 calc(var(--_gap) / 2);
    color: var(--_muted);
    font-size: 0.92em;
  }

  .filter {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gap);
  }

  .tabs {
    display: flex;
    gap: 0.25em;
    margin-block-end: var(--_gap);
    border-block-end: 1px solid var(--_border);
  }

  .tabs [role='tab'] {
    border: 0;
    border-block-end: 3px solid transparent;
    border-radius: 0;
    background: none;
  }

  .tabs [role='tab'][aria-selected='true'] {
    border-block-end-color: var(--_accent);
    font-weight: 600;
  }

  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_gap);
    margin-block: calc(var(--_gap) / 2);
  }

  .bulk,
  .export {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_gap) / 2);
  }

  .buttons {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: calc(var(--_gap) / 2);
    margin-block-start: var(--_gap);
  }

  .buttons.center {
    justify-content: center;
  }

  .state {
    padding: calc(var(--_gap) * 2) var(--_gap);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    text-align: center;
  }

  .state p {
    margin-block: 0.3em;
  }

  .state details {
    text-align: start;
  }

  .banner {
    margin-block: 0 var(--_gap);
    padding: calc(var(--_gap) / 2) var(--_gap);
    border-inline-start: 4px solid var(--_warn);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_gap);
    margin-block-start: var(--_gap);
  }

  .pager .summary {
    flex: 1 1 auto;
    text-align: center;
    color: var(--_muted);
  }

  .pager .size {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
  }

  :host(:dir(rtl)) .arrow {
    display: inline-block;
    transform: scaleX(-1);
  }

  .spinner {
    display: inline-block;
    inline-size: 1em;
    block-size: 1em;
    border: 2px solid var(--_border);
    border-block-start-color: var(--_accent);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }

  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }

  .icon {
    inline-size: 1.25em;
    block-size: 1.25em;
    flex: none;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.6;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  .badge {
    display: inline-block;
    margin-inline-start: 0.35em;
    padding-inline: 0.45em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    font-size: 0.8em;
    vertical-align: middle;
  }

  .badge.warn {
    border-color: var(--_warn);
    color: var(--_warn);
  }

  .badge.gone {
    color: var(--_danger);
    border-color: var(--_danger);
  }
`;
