import { css } from 'lit';

/** The admin results table and its client chips. */
export const results = css`
  .table-scroll {
    overflow-x: auto;
    container-type: inline-size;
  }

  .results {
    inline-size: 100%;
    border-collapse: collapse;
  }

  .results th,
  .results td {
    padding-block: 0.45em;
    padding-inline: 0.5em;
    border-block-end: 1px solid var(--_border);
    text-align: start;
    vertical-align: top;
  }

  .results th {
    font-size: 0.88em;
    font-weight: 600;
    color: var(--_muted);
    white-space: nowrap;
  }

  .results .pick {
    inline-size: 1%;
  }

  .results .actions {
    white-space: nowrap;
    text-align: end;
  }

  .results .actions button + button {
    margin-inline-start: 0.35em;
  }

  /* Narrow places keep who, device, expiry and clients; the detail
     dialog has the rest. */
  :host([compact]) .results .wide {
    display: none;
  }

  @container (max-width: 52rem) {
    .results .wide {
      display: none;
    }
  }

  /* A popup's width: the expiry goes too, and a row's actions stack. */
  @container (max-width: 34rem) {
    .results .mid {
      display: none;
    }

    .results .actions button {
      display: flex;
      inline-size: 100%;
      justify-content: center;
    }

    .results .actions button + button {
      margin-block-start: 0.3em;
      margin-inline-start: 0;
    }
  }

  .results td.mono {
    white-space: nowrap;
  }

  .results tr.appeared {
    background: var(--_new);
  }

  .results tr.vanished {
    color: var(--_muted);
  }

  .results tr.vanished .name {
    text-decoration: line-through;
  }

  .device {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
  }

  .name {
    font-weight: 600;
  }

  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3em;
  }

  .chip {
    padding-block: 0;
    padding-inline: 0.55em;
    border-radius: 999px;
    font-size: 0.86em;
  }

  .chip[aria-pressed='true'] {
    border-color: var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
  }
`;
