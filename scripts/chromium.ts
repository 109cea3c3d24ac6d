/**
 * Finds the system Chromium every browser test uses (TinySeek never downloads a browser) and the
 * flags that give headless Chromium a real WebGPU adapter (SwiftShader when there is no GPU).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];
const ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Flags for headless Chromium with WebGPU; `--no-sandbox` only when running as root. */
export const CHROMIUM_ARGS: string[] = [
  '--headless=new',
  '--enable-unsafe-webgpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  ...(isRoot() ? ['--no-sandbox'] : []),
];

/** CHROMIUM_PATH, then the usual install paths, then PATH; null when there is none. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  for (const p of CANDIDATES) if (existsSync(p)) return p;
  for (const name of ON_PATH) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

/** The Chromium path; installs Debian's `chromium` when root on Debian/Ubuntu, else exits with one line. */
export function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROMIUM_PATH) {
    console.error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
    process.exit(1);
  }
  if (isRoot() && existsSync('/etc/debian_version')) {
    console.error('No Chromium found: installing the distribution package `chromium` with apt-get…');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = findChromium();
    if (installed) return installed;
  }
  console.error(
    'No Chromium found: install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH to a Chrome/Chromium binary.',
  );
  process.exit(1);
}
