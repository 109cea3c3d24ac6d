/**
 * The one import for every string the app shows: `import { S } from '…/strings'`, then
 * `S.<area>.<key>` (areas in en.ts). Always read a string as `S.area…`, never pass `S` itself
 * around: member reads let the bundler keep each view's and lab's strings in its own lazy chunk.
 * A translation is another module with the same exports (type `Strings`), swapped in here.
 */
export * as S from './en';

export type Strings = typeof import('./en');
