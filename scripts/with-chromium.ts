/** Runs a command with CHROMIUM_PATH set to a Chromium that exists (installing it where allowed). */
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './chromium';

const [cmd, ...args] = process.argv.slice(2);
const chromium = ensureChromium();
const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium }, shell: false });
process.exit(r.status ?? 1);
