/**
 * The scripts bench/appBench.ts runs inside the app's page, as plain JavaScript source (a function
 * compiled by the bench's own TypeScript loader could carry helpers the page does not have).
 */

/** What FLOW_SCRIPT returns. */
export interface FlowOut {
  active: string;
  loadMs: number;
  prefillMs: number;
  firstTokenMs: number;
  tokensPerSec: number;
  tokens: number;
  /** webgpu: GPU dispatches of each token played (the worker counts them); empty elsewhere. */
  dispatches: number[];
  /** webgpu: the prompt's dispatches per prompt token; null elsewhere. */
  prefillDispatchesPerToken: number | null;
  /** long tasks (ms) while playing. */
  longTasks: number[];
  longest: number;
  /** intervals between animation frames while playing, ms. */
  frames: number[];
}

/**
 * Before the app runs: every message of the model worker is logged with its arrival time (and the
 * GPU dispatches a step reports), and long tasks are observed from the start.
 */
export const INIT_SCRIPT = `
(() => {
  window.__ev = [];
  window.__long = [];
  new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push({ start: e.startTime, ms: e.duration })))
    .observe({ type: 'longtask', buffered: true });
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(u, o) {
      super(u, o);
      this.addEventListener('message', (e) => {
        const d = e.data;
        if (d && typeof d.type === 'string')
          window.__ev.push({ type: d.type, t: performance.now(), ms: d.ms, active: d.status && d.status.active, message: d.message,
            dispatches: d.dispatches, n: Array.isArray(d.records) ? d.records.length : 0 });
      });
    }
  };
})();
`;

/**
 * Waits for the shipped model and the app's own first prompt, runs {prompt} (Run prompt), presses
 * Play as soon as it can, and pauses after {tokens} tokens.
 */
export const FLOW_SCRIPT = `
async ({ prompt, tokens, timeoutMs }) => {
  const deadline = performance.now() + timeoutMs;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const events = (type, after) => window.__ev.filter((e) => e.type === type && e.t > after);
  const until = async (what, pred) => {
    for (;;) {
      const v = pred();
      if (v) return v;
      const err = window.__ev.find((e) => e.type === 'error');
      if (err) throw new Error('the app reported: ' + err.message);
      if (performance.now() > deadline) throw new Error('timed out waiting for ' + what);
      await sleep(5);
    }
  };
  const loaded = await until('the model', () => events('loaded', 0)[0]);
  await until("the app's first prompt", () => events('started', loaded.t)[0]);
  const status = () => document.querySelector('.transport [aria-live]')?.textContent ?? '';
  await until('an idle transport', () => /Token \\d+ of \\d+/.test(status()) && !/computing/.test(status()));
  await sleep(300);
  const label = [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === 'Prompt');
  const box = document.getElementById(label.htmlFor);
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(box), 'value').set.call(box, prompt);
  box.dispatchEvent(new Event('input', { bubbles: true }));
  await sleep(50);
  const run = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Run prompt');
  const t0 = performance.now();
  run.click();
  const started = await until('the prompt', () => events('started', t0)[0]);
  const play = document.querySelector('button[aria-keyshortcuts="Space"]');
  await until('Play', () => !play.disabled && !/computing/.test(status()));
  const frames = [];
  let last = performance.now();
  let playing = true;
  const frame = (t) => { frames.push(t - last); last = t; if (playing) requestAnimationFrame(frame); };
  const t1 = performance.now();
  play.click();
  requestAnimationFrame((t) => { last = t; requestAnimationFrame(frame); });
  const toks = await until(tokens + ' tokens', () => { const xs = events('token', t1); return xs.length >= tokens && xs; });
  const dispatches = toks.slice(0, tokens).map((e) => e.dispatches).filter((d) => typeof d === 'number');
  const tEnd = toks[tokens - 1].t;
  playing = false;
  play.click();
  await sleep(200);
  const longTasks = window.__long.filter((l) => l.start + l.ms > t1 && l.start < tEnd).map((l) => l.ms);
  const backend = window.__ev.filter((e) => e.type === 'backend').pop();
  return {
    active: backend ? backend.active : '?',
    loadMs: loaded.ms,
    prefillMs: started.t - t0,
    firstTokenMs: toks[0].t - t1,
    tokensPerSec: ((tokens - 1) * 1000) / (tEnd - toks[0].t),
    tokens,
    dispatches,
    prefillDispatchesPerToken: typeof started.dispatches === 'number' && started.n > 0 ? started.dispatches / started.n : null,
    longTasks,
    longest: Math.max(0, ...longTasks),
    frames,
  };
}
`;

/**
 * First contentful paint; the model ready (its 'loaded' message); time to interactive: the end of
 * the last long task before the first 5 s without one after the first paint (waits up to 30 s).
 */
export const TTI_SCRIPT = `
async () => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
  const t0 = performance.now();
  for (;;) {
    const lastEnd = Math.max(fcp, ...window.__long.map((l) => l.start + l.ms));
    if (performance.now() - lastEnd >= 5000 || performance.now() - t0 > 30000) break;
    await sleep(250);
  }
  const longs = window.__long.filter((l) => l.start + l.ms >= fcp).sort((a, b) => a.start - b.start);
  let tti = fcp;
  for (const l of longs) {
    if (l.start - tti >= 5000) break;
    tti = Math.max(tti, l.start + l.ms);
  }
  const ready = window.__ev.find((e) => e.type === 'loaded');
  return { fcp, tti, ready: ready ? ready.t : 0 };
}
`;

/**
 * {n} times: press Back and time until the last change inside the Explore views (the Model flow and
 * the open detail view) has been painted (the
 * first task after the frame that drew it), with nothing changing for 400 ms; counts the views
 * whose text changed.
 */
export const STEP_SCRIPT = `
async (n) => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const views = document.querySelector('main.explore');
  const back = document.querySelector('button[aria-keyshortcuts="ArrowLeft"]');
  const out = [];
  for (let i = 0; i < n && views && back && !back.disabled; i++) {
    await sleep(300);
    const regions = [...views.querySelectorAll('[role=region]')];
    const before = regions.map((r) => r.textContent + (r.querySelector('image')?.getAttribute('href') ?? ''));
    let painted = 0;
    const mo = new MutationObserver(() => {
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => { painted = performance.now(); };
        ch.port2.postMessage(0);
      });
    });
    mo.observe(views, { subtree: true, childList: true, attributes: true, characterData: true });
    const t0 = performance.now();
    back.click();
    while (performance.now() - t0 < 10000 && !(painted && performance.now() - painted > 400)) await sleep(20);
    mo.disconnect();
    const after = [...views.querySelectorAll('[role=region]')].map((r) => r.textContent + (r.querySelector('image')?.getAttribute('href') ?? ''));
    out.push({ ms: painted - t0, changed: after.filter((t, j) => t !== before[j]).length });
  }
  return out;
}
`;
