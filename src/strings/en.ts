/**
 * Every user-facing string of the app, in English: one named export per area. The shell's areas
 * (shell.ts) load with the first page; each view's and lab's load with that view's or lab's chunk,
 * because the app reads them through the namespace `S` (index.ts) by name, which the bundler
 * resolves statically and puts each area in the chunk that reads it.
 */
export * from './shell';
export { release } from './release';
export { storage } from './storage';
export { architecture } from './viz/architecture';
export { attention } from './viz/attention';
export { balance } from './viz/balance';
export { kvcache } from './viz/kvcache';
export { nexttoken } from './viz/nexttoken';
export { flow } from './viz/flow';
export { math } from './viz/math';
export { routing } from './viz/routing';
export { balanceLab } from './lab/balanceLab';
export { grpo } from './lab/grpo';
export { saveModel } from './lab/saveModel';
