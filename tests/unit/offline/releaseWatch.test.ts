/** The page's view of new releases, against fake service worker objects (Node's EventTarget). */
import { describe, expect, it } from 'vitest';
import { ReleaseWatch } from '../../../src/offline/releaseWatch';
import { SKIP_WAITING } from '../../../src/offline/swSource';

class FakeWorker extends EventTarget {
  state = 'installing';
  posted: unknown[] = [];
  postMessage(m: unknown) {
    this.posted.push(m);
  }
  install() {
    this.state = 'installed';
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeRegistration extends EventTarget {
  waiting: FakeWorker | null = null;
  installing: FakeWorker | null = null;
  /** The browser found a new sw.js: it starts installing. */
  found(): FakeWorker {
    this.installing = new FakeWorker();
    this.dispatchEvent(new Event('updatefound'));
    return this.installing;
  }
}

class FakeContainer extends EventTarget {
  constructor(public controller: object | null) {
    super();
  }
  change(to: object) {
    this.controller = to;
    this.dispatchEvent(new Event('controllerchange'));
  }
}

function setup(controlled: boolean, waiting: FakeWorker | null = null) {
  const reg = new FakeRegistration();
  reg.waiting = waiting;
  const container = new FakeContainer(controlled ? {} : null);
  const reloads = { count: 0 };
  const watch = new ReleaseWatch(() => reloads.count++);
  const changes = { count: 0 };
  watch.subscribe(() => changes.count++);
  watch.watch(reg as unknown as ServiceWorkerRegistration, container as unknown as ServiceWorkerContainer);
  return { reg, container, watch, reloads, changes };
}

describe('release watch', () => {
  it('offers nothing on a first install, which has no running release to replace', () => {
    const { reg, container, watch, changes } = setup(false);
    reg.found().install();
    container.change({}); // the first worker claims the page
    expect(watch.ready()).toBe(false);
    expect(changes.count).toBe(0);
  });

  it('offers a release that installs beside the running one, and reloads only once it has taken over', () => {
    const { reg, container, watch, reloads, changes } = setup(true);
    const next = reg.found();
    expect(watch.ready()).toBe(false);
    next.install();
    expect(watch.ready()).toBe(true);
    expect(changes.count).toBe(1);
    watch.apply();
    expect(next.posted).toEqual([{ type: SKIP_WAITING }]);
    expect(reloads.count).toBe(0); // not before the new worker is in charge
    container.change({});
    expect(reloads.count).toBe(1);
  });

  it('offers a release already waiting when the page opens', () => {
    const waiting = new FakeWorker();
    waiting.state = 'installed';
    const { watch } = setup(true, waiting);
    expect(watch.ready()).toBe(true);
    watch.apply();
    expect(waiting.posted).toEqual([{ type: SKIP_WAITING }]);
  });

  it('offers a reload when another tab let the new release take over, and reloads at once', () => {
    const { container, watch, reloads } = setup(true);
    container.change({});
    expect(watch.ready()).toBe(true);
    watch.apply();
    expect(reloads.count).toBe(1);
  });

  it('hides the offer on Later, and offers the next release again', () => {
    const { reg, watch } = setup(true);
    reg.found().install();
    watch.dismiss();
    expect(watch.ready()).toBe(false);
    reg.found().install();
    expect(watch.ready()).toBe(true);
  });
});
