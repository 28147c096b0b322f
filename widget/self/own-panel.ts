import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';

import type { UserSession } from '../../shared/index.ts';
import { sessionCount } from '../admin/pager.ts';
import { announce } from '../parts.ts';
import type { SelfTarget } from '../removal/self-form.ts';
import type { Common } from '../render.ts';
import { emptyState, loadingState } from '../states.ts';
import type { OwnSessionsView } from './own-view.ts';

/** The self-service body: the user's own list, or the state in its place. */

export interface OwnPanelContext extends Common {
  readonly view: OwnSessionsView;
  readonly locations: Readonly<Record<string, string>>;
  readonly signOut: (
    target: SelfTarget,
    sessions: readonly UserSession[],
    trigger: Element,
  ) => void;
}

export function ownPanel(context: OwnPanelContext): TemplateResult {
  const { view, formats } = context;
  const sessions = view.sessions;
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

  return html`${view.error ? context.problems.stale(view.error, context.refresh) : nothing}
  ${view.render(context)}
  ${announce(view.loading ? '' : sessionCount(sessions.length, formats))}`;
}
