/** The strings of the Explore views, one file each under ./viz (./viz/math: what the "The math" sections share); src/viz/common's others are in shell.ts. */
import { architecture } from './viz/architecture';
import { attention } from './viz/attention';
import { balance } from './viz/balance';
import { flow } from './viz/flow';
import { kvcache } from './viz/kvcache';
import { math } from './viz/math';
import { nexttoken } from './viz/nexttoken';
import { routing } from './viz/routing';

export const views = { flow, architecture, kvcache, attention, routing, balance, nexttoken, math };
