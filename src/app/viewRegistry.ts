/**
 * The Explore page's views, one entry each, as LAB_PAGES is for the labs: the id (in the URL's
 * `view=` and `embed=`, in lessons and classroom links), the name, the class of its root element,
 * where it sits, and its chunk. The details menu, the store's `view`, the URL, lessons, classroom
 * hiding, preloading, embed mode and the e2e tests all read this list.
 *
 * A `place: 'flow'` entry is the overview shown above the details (ModelViews' flow slot); the
 * `place: 'detail'` entries share the details area, one at a time (or all, with "Show all views").
 */
import { memo, type ComponentType } from 'react';
import { S } from '../strings';

export interface ExploreView<I extends string = string, P extends object = never> {
  /** the id in URLs, lessons and links. */
  id: I;
  /** the view's name: its menu label and its region's accessible name. */
  label: string;
  /** the class of the view's root element; classroom links and presenter mode select by it, as a translation changes the name. */
  cls: string;
  /** 'flow': the overview above the details; 'detail': one of the views in the details area. */
  place: 'flow' | 'detail';
  /** the view's chunk, loaded on first use: the component. */
  load: () => Promise<ComponentType<P>>;
}

/** An entry as the app uses it: its chunk resolves to the memoised component, as lazy() wants it (a view re-renders only when its own props change). */
const entry = <I extends string, Place extends 'flow' | 'detail', P extends object>(
  v: ExploreView<I, P> & { place: Place },
) => ({ ...v, place: v.place as Place, load: () => v.load().then((c) => ({ default: memo(c) })) });

/** The views in menu order; the first detail is shown until the reader picks another. */
export const EXPLORE_VIEWS = [
  entry({
    id: 'flow',
    label: S.explore.names.flow,
    cls: 'fl-view',
    place: 'flow',
    load: () => import('../viz/flow/ModelFlowView').then((m) => m.ModelFlowView),
  }),
  entry({
    id: 'next',
    label: S.explore.names.next,
    cls: 'nt',
    place: 'detail',
    load: () => import('../viz/nexttoken/NextTokenView').then((m) => m.NextTokenView),
  }),
  entry({
    id: 'kv',
    label: S.explore.names.kv,
    cls: 'kv',
    place: 'detail',
    load: () => import('../viz/kvcache/KvCacheView').then((m) => m.KvCacheView),
  }),
  entry({
    id: 'attention',
    label: S.explore.names.attention,
    cls: 'att-view',
    place: 'detail',
    load: () => import('../viz/attention/AttentionView').then((m) => m.AttentionView),
  }),
  entry({
    id: 'routing',
    label: S.explore.names.routing,
    cls: 'rt-view',
    place: 'detail',
    load: () => import('../viz/routing/ExpertRoutingView').then((m) => m.ExpertRoutingView),
  }),
  entry({
    id: 'balance',
    label: S.explore.names.balance,
    cls: 'lb',
    place: 'detail',
    load: () => import('../viz/balance/LoadBalanceView').then((m) => m.LoadBalanceView),
  }),
  entry({
    id: 'architecture',
    label: S.explore.names.architecture,
    cls: 'arch',
    place: 'detail',
    load: () => import('../viz/architecture/ArchitectureView').then((m) => m.ArchitectureView),
  }),
] as const;

type Entry = (typeof EXPLORE_VIEWS)[number];

/** Any Explore view's id. */
export type ViewId = Entry['id'];

/** The id of a view in the details area. */
export type DetailId = Extract<Entry, { place: 'detail' }>['id'];

/** The detail a visit starts with. */
export const DEFAULT_VIEW: DetailId = 'next';

export const isViewId = (id: string): id is ViewId => EXPLORE_VIEWS.some((v) => v.id === id);

export const isDetailId = (id: string): id is DetailId =>
  EXPLORE_VIEWS.some((v) => v.id === id && v.place === 'detail');

/** The entry of `id`, with its own chunk's type. */
export const viewById = <I extends ViewId>(id: I) =>
  EXPLORE_VIEWS.find((v) => v.id === id) as Extract<Entry, { id: I }>;

/** The detail views, in menu order. */
export const DETAIL_VIEWS = EXPLORE_VIEWS.filter((v) => v.place === 'detail');

/** Starts loading every view's chunk (the browser caches the modules; lazy() reuses them). */
export function preloadViews(): void {
  for (const v of EXPLORE_VIEWS) void v.load().catch(() => {}); // a failed load retries when the view renders
}
