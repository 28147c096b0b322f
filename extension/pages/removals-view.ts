import { t, uiLanguage } from '../i18n.ts';
import { describeOutcome, describeTarget } from '../removals/describe.ts';
import {
  OperationLog,
  onOperationsChanged,
  type RemovalOperation,
} from '../removals/log.ts';

/**
 * Fills `section` with the removals of this browser session, newest
 * first, and keeps it up to date as the service worker records them:
 * running, ended, or failed, whether or not this page started them. The
 * popup and the options page both show it, so its markup is made here.
 */
export async function showRemovals(section: HTMLElement): Promise<void> {
  const heading = document.createElement('h2');
  heading.id = 'removals-heading';
  heading.textContent = t('removalsHeading');
  const list = document.createElement('ul');
  list.id = 'removals';
  list.className = 'removals';
  section.replaceChildren(heading, list);

  const render = (operations: readonly RemovalOperation[]) => {
    const items = [...operations].reverse().map(renderOperation);
    if (items.length === 0) {
      const empty = document.createElement('li');
      empty.textContent = t('noRemovals');
      items.push(empty);
    }
    list.replaceChildren(...items);
  };

  onOperationsChanged(render);
  render(await new OperationLog().list());
}

const time = new Intl.DateTimeFormat(uiLanguage(), { timeStyle: 'medium' });

function renderOperation(operation: RemovalOperation): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset['state'] = operation.state;
  item.dataset['operationId'] = operation.id;

  const when = document.createElement('time');
  when.dateTime = new Date(operation.startedAt).toISOString();
  when.textContent = time.format(operation.startedAt);

  item.append(
    when,
    ` ${describeTarget(operation)}: ${describeOutcome(operation)}`,
  );
  return item;
}
