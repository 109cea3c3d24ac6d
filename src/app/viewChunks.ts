/**
 * The Explore views as lazy components, each from its chunk in the registry (viewRegistry.ts): the
 * first page (prompt, stepping, backend badge) needs none of them, nor d3. `preloadViews()` fetches
 * them once a model is ready, so they are in place when its first tokens arrive.
 */
import { lazy } from 'react';
import { viewById } from './viewRegistry';

export const ModelFlowView = lazy(viewById('flow').load);
export const NextTokenView = lazy(viewById('next').load);
export const KvCacheView = lazy(viewById('kv').load);
export const AttentionView = lazy(viewById('attention').load);
export const ExpertRoutingView = lazy(viewById('routing').load);
export const LoadBalanceView = lazy(viewById('balance').load);
export const ArchitectureView = lazy(viewById('architecture').load);
