import { css } from 'lit';

/** The admin removal form, its preview, and the detail fields. */
export const adminStyles = css`
  h3 {
    margin-block: var(--_gap) calc(var(--_gap) / 2);
    font-size: 1em;
  }

  textarea {
    font: inherit;
    color: inherit;
    inline-size: 100%;
    padding-block: 0.3em;
    padding-inline: 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    resize: vertical;
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
