import type { TemplateResult } from 'lit';

import type { UserSession } from '../shared/index.ts';
import { emit, type RemovedDetail } from './events.ts';
import { RemovalDialog } from './removal/dialog.ts';
import {
  selfRemoval,
  type SelfDraft,
  type SelfTarget,
} from './removal/self-form.ts';
import type { Common } from './render.ts';
import { ownPanel } from './self/own-panel.ts';
import { OwnSessionsView } from './self/own-view.ts';
import { dialogStyles } from './styles/dialog.ts';
import { selfStyles } from './styles/self.ts';
import type { FeatureLink } from './view-host.ts';

/**
 * Self-service: the user's own sessions and their sign-out dialog. This
 * module is a chunk of its own, which only `mode="self"` fetches; the
 * admin view never does.
 */

export const styles = [dialogStyles, selfStyles];

export class SelfFeatures {
  readonly own: OwnSessionsView;
  readonly removal: RemovalDialog<SelfDraft>;

  readonly #link: FeatureLink;

  constructor(link: FeatureLink) {
    this.#link = link;
    this.own = new OwnSessionsView(link.host);
    this.removal = new RemovalDialog(link.host, selfRemoval);
  }

  /** After a removal: tell the host; signed out everywhere, or reload. */
  removed(detail: RemovedDetail): void {
    const link = this.#link;
    emit(link.element, 'session-manager-removed', detail);
    const everywhere = detail.outcomes.some(
      ({ request, error }) =>
        error === null &&
        request.mode === 'self' &&
        request.input.target === 'all',
    );
    if (!everywhere) {
      link.reload();
      return;
    }

    this.removal.close();
    void link.store?.signOut();
    link.signedOutEverywhere();
    emit(link.element, 'session-manager-signed-out', { reason: 'everywhere' });
  }

  render(
    common: Common,
    locations: Readonly<Record<string, string>>,
  ): TemplateResult {
    return ownPanel({
      ...common,
      view: this.own,
      locations,
      signOut: (
        target: SelfTarget,
        sessions: readonly UserSession[],
        trigger,
      ) => void this.removal.open({ target, sessions }, trigger),
    });
  }

  stop(): void {
    this.own.stop();
  }
}
