/**
 * The six views, each in its own chunk, loaded on demand: the first page (prompt, stepping,
 * backend badge) needs none of them, nor d3. `preloadViews()` fetches them once a model is ready,
 * so they are in place when its first tokens arrive. Each resolves to the memoised view: a new
 * token re-renders the shell at once, and a view only when its own props change.
 */
import { lazy, memo } from 'react';

const chunks = {
  next: () => import('../viz/nexttoken/NextTokenView').then((m) => ({ default: memo(m.NextTokenView) })),
  kv: () => import('../viz/kvcache/KvCacheView').then((m) => ({ default: memo(m.KvCacheView) })),
  attention: () => import('../viz/attention/AttentionView').then((m) => ({ default: memo(m.AttentionView) })),
  routing: () => import('../viz/routing/ExpertRoutingView').then((m) => ({ default: memo(m.ExpertRoutingView) })),
  balance: () => import('../viz/balance/LoadBalanceView').then((m) => ({ default: memo(m.LoadBalanceView) })),
  architecture: () =>
    import('../viz/architecture/ArchitectureView').then((m) => ({ default: memo(m.ArchitectureView) })),
};

/** Starts loading every view's chunk (the browser caches the modules; lazy() reuses them). */
export function preloadViews(): void {
  for (const load of Object.values(chunks)) void load().catch(() => {}); // a failed load retries when the view renders
}

export const NextTokenView = lazy(chunks.next);
export const KvCacheView = lazy(chunks.kv);
export const AttentionView = lazy(chunks.attention);
export const ExpertRoutingView = lazy(chunks.routing);
export const LoadBalanceView = lazy(chunks.balance);
export const ArchitectureView = lazy(chunks.architecture);
