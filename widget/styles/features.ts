import { css } from 'lit';

/**
 * The device list of self-service, the dialogs, the removal preview and
 * report, and the detail fields. They come with the code that draws them,
 * which loads after the first view is shown.
 */
export const featureStyles = css`
  textarea {
    inline-size: 100%;
    padding-block: 0.3em;
    padding-inline: 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    resize: vertical;
  }

  dialog button.danger {
    background: var(--_danger);
    color: var(--_on-danger);
  }

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

  .choice {
    display: flex;
    align-items: flex-start;
    gap: 0.5em;
    margin-block: 0.3em;
  }

  .choice small {
    display: block;
    color: var(--_muted);
  }

  .client-list {
    padding-inline-start: 1.5em;
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

  .preview {
    margin-block-start: var(--_gap);
    padding: calc(var(--_gap) / 2) var(--_gap);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  .preview-list {
    margin: 0;
    padding-inline-start: 1.2em;
  }

  .warning {
    margin-block-start: var(--_gap);
    padding: calc(var(--_gap) / 2) var(--_gap);
    border: 2px solid var(--_warn);
    border-radius: var(--_radius);
  }

  .warning p {
    margin-block: 0 0.3em;
    font-weight: 600;
  }

  .reason {
    display: flex;
    flex-direction: column;
    gap: 0.3em;
    margin-block-start: var(--_gap);
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

  .fields {
    display: grid;
    grid-template-columns: minmax(8em, max-content) 1fr;
    gap: 0.35em var(--_gap);
    margin: 0;
  }

  .fields dt {
    color: var(--_muted);
  }

  .fields dd {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.4em;
    margin: 0;
    overflow-wrap: anywhere;
  }

  .fields .copy {
    padding-block: 0;
    font-size: 0.85em;
  }

  :host([compact]) .fields {
    grid-template-columns: 1fr;
  }
`;
