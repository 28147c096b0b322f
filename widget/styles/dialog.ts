import { css } from 'lit';

/** The removal dialog and its report, for both modes. */
export const dialogStyles = css`
  dialog button.danger {
    background: var(--_danger);
    color: var(--_on-danger);
  }

  dialog {
    inline-size: min(42rem, calc(100vw - 2rem));
    max-block-size: calc(100vh - 2rem);
    padding: calc(var(--_gap) * 1.5);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.5);
    color: var(--_fg);
    background: var(--_bg);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
  }

  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }

  dialog h2 {
    display: flex;
    align-items: center;
    gap: 0.4em;
  }

  dialog fieldset {
    margin-block: var(--_gap) 0;
    padding: calc(var(--_gap) / 2) var(--_gap);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  dialog legend {
    padding-inline: 0.3em;
    font-weight: 600;
  }

  .targets,
  .report,
  .plain {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .targets li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.2em 0.8em;
    padding-block: 0.3em;
    border-block-end: 1px solid var(--_border);
  }

  .targets .id {
    display: inline;
  }

  progress {
    inline-size: 100%;
  }

  .report > li {
    padding-block: 0.4em;
    border-block-end: 1px solid var(--_border);
  }

  .report .target {
    display: block;
    font-weight: 600;
  }

  .report .failed .problem {
    display: block;
  }

  .deliveries {
    margin: 0.2em 0 0;
    padding-inline-start: 1.2em;
  }

  .undelivered {
    color: var(--_danger);
  }
`;
