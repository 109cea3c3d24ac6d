/**
 * Every user-facing string of the app in one place: the shell (shell.ts), the Explore views
 * (views.ts) and the labs (labs.ts), combined into one object `en`. A translation is another
 * object of type `Strings`; the app reads `S`, so swapping the object here translates everything
 * that reads it.
 */
import { labs } from './labs';
import { shell } from './shell';
import { views } from './views';

const en = { ...shell, ...views, ...labs };

export type Strings = typeof en;

/** The strings the app shows. */
export const S: Strings = en;
