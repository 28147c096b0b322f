import { equal } from '../support/wtr-assert.ts';
import {
  adminSettings,
  cleanup,
  find,
  freshPage,
  marker,
  mount,
  rowIds,
  seed,
  signIn,
  textOf,
  type,
} from './support.ts';

afterEach(cleanup);

describe('smoke', () => {
  it('lists seeded sessions', async () => {
    const operator = await signIn({ username: 'admin', api: 'admin' });
    const name = marker('Smoke');
    const ids = await seed([
      {
        subjectId: 's-1',
        displayName: `${name} One`,
        clientIds: ['demo-notes'],
      },
      { subjectId: 's-2', displayName: `${name} Two` },
    ]);
    const { attributes, properties } = await adminSettings(operator);
    const element = await mount(attributes, properties);
    await freshPage(element);

    const page = freshPage(element);
    type(find<HTMLInputElement>(element, 'input[name="text"]'), name);
    await page;

    console.log(textOf(element));
    equal(rowIds(element).sort().join(), [...ids].sort().join());
  });
});
