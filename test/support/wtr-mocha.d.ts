/**
 * The mocha globals web-test-runner's mocha puts on the test page. The
 * project has no @types/mocha, and these few are all the tests use.
 */

interface MochaContext {
  timeout(ms: number): void;
  skip(): never;
}

type MochaBody = (this: MochaContext) => void | Promise<void>;

declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: MochaBody): void;
declare function before(body: MochaBody): void;
declare function after(body: MochaBody): void;
declare function beforeEach(body: MochaBody): void;
declare function afterEach(body: MochaBody): void;
