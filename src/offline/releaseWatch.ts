/**
 * Follows the service worker's registration for a new release, so the page can offer a reload
 * instead of being swapped under a running session: a worker that finishes installing while
 * another controls the page waits (swSource.ts) until the reader accepts. The banner
 * (UpdateBanner.tsx) reads `ready` and calls `apply`.
 */
import { SKIP_WAITING } from './swSource';

export class ReleaseWatch {
  private waiting: ServiceWorker | null = null;
  private offered = false;
  private reloading = false;
  private readonly listeners = new Set<() => void>();

  /** `reloadPage` reloads the page (location.reload in the app). */
  constructor(private readonly reloadPage: () => void) {}

  /** Starts following a registration and the page's service worker container. */
  watch(registration: ServiceWorkerRegistration, container: ServiceWorkerContainer): void {
    let controlled = container.controller !== null;
    // a first install has nothing to replace: only a worker beside one in charge is a new release
    const offer = (worker: ServiceWorker) => {
      if (container.controller) this.offer(worker);
    };
    if (registration.waiting) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed') offer(worker);
      });
    });
    container.addEventListener('controllerchange', () => {
      if (this.reloading) this.reloadPage();
      // another tab let the new release take over: this page still runs the old one
      else if (controlled) this.offer(null);
      controlled = container.controller !== null;
    });
  }

  /** Whether a new release is ready and the reader has not put it off. */
  readonly ready = (): boolean => this.offered;

  /** Calls `listener` whenever `ready` may have changed; returns the unsubscribe. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Lets the waiting release take over, then reloads into it (at once if it already has). */
  readonly apply = (): void => {
    if (this.waiting?.state === 'installed') {
      this.reloading = true;
      this.waiting.postMessage({ type: SKIP_WAITING });
    } else this.reloadPage();
  };

  /** Hides the offer until another release arrives; the waiting one takes over when every tab has closed. */
  readonly dismiss = (): void => {
    this.offered = false;
    this.notify();
  };

  private offer(worker: ServiceWorker | null): void {
    this.waiting = worker;
    this.offered = true;
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
