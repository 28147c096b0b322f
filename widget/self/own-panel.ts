import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import { sessionCount } from '../admin/pager.ts';
import { announce } from '../parts.ts';
import type { Common } from '../render.ts';
import { emptyState, loadingState } from '../states.ts';
import type { OwnSessionsView, OwnViewContext } from './own-view.ts';

/** The self-service body: the user's own list, or the state in its place. */

export interface OwnPanelContext extends Common, OwnViewContext {
  readonly view: OwnSessionsView;
}

export function ownPanel(context: OwnPanelContext): TemplateResult {
  const { view, formats } = context;
  const sessions = view.page;
  if (!sessions) {
    return view.error
      ? context.problems.failed(view.error, context.refresh)
      : loadingState();
  }
  if (sessions.length === 0) {
    return emptyState(
      msg('You have no sessions.'),
      context.refresh,
      context.offline,
    );
  }

  const stale = view.error
    ? context.problems.stale(view.error, context.refresh)
    : nothing;
  return html`${stale} ${view.render(context)}
  ${announce(view.loading ? '' : sessionCount(sessions.length, formats))}`;
}
