/**
 * The element's tests run against its sources: this registers
 * `<session-manager>` from them and hands on the helpers.
 */
import '../../widget/define.ts';

export * from './helpers.ts';
