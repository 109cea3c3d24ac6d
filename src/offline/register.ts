/**
 * Registers the service worker in builds and follows it for new releases (`release`, read by the
 * banner). The app calls it once the first model load has settled (main.tsx), and it waits for
 * the page's load event, so the worker's downloads never compete with the first visit's and
 * mostly come from the HTTP cache. The dev server has no sw.js and registers nothing.
 */
import { ReleaseWatch } from './releaseWatch';

/** true in `vite build` output, where swPlugin.ts writes sw.js; false on the dev server. */
declare const __TINYSEEK_SERVICE_WORKER__: boolean | undefined;

/** The page's view of new releases. */
export const release = new ReleaseWatch(() => location.reload());

export function registerServiceWorker(): void {
  const built = typeof __TINYSEEK_SERVICE_WORKER__ !== 'undefined' && __TINYSEEK_SERVICE_WORKER__;
  if (!built || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker
      .register(`${import.meta.env.BASE_URL}sw.js`)
      .then((registration) => release.watch(registration, navigator.serviceWorker))
      .catch((e: unknown) => {
        // offline use is an extra: the app works without it
        console.warn(`Offline use is not available: ${e instanceof Error ? e.message : String(e)}`);
      });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
