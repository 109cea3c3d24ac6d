/** What the user is looking at: the layer, a highlighted expert, and routing interventions with their result. */
import type { StateCreator } from 'zustand';
import type { Interventions } from '../model/model';
import type { TokenRecord } from '../session/records';
import { newRequestId, sendTo } from './workerLink';

export type ViewName = 'architecture' | 'kv' | 'attention' | 'routing' | 'balance' | 'next';

export interface ViewSlice {
  /** the page shown: 'explore' (the live views) or a lab's id (src/app/pages.tsx). */
  page: string;
  /** the layer the per-layer views show. */
  layer: number;
  /** the view to scroll to (shared links). */
  view: ViewName | null;
  highlightedExpert: number | null;
  interventions: Interventions;
  /** the next-token distribution under the interventions, for the token it was computed at. */
  whatIf: { index: number; next: TokenRecord['next'] } | null;
  whatIfId: number;
  setPage: (page: string) => void;
  setLayer: (layer: number) => void;
  setView: (view: ViewName | null) => void;
  setHighlightedExpert: (e: number | null) => void;
  /** sets the interventions and asks the worker for the distribution at `index` under them. */
  setInterventions: (i: Interventions, index: number) => void;
}

const isEmpty = (i: Interventions) =>
  i.topK === undefined &&
  i.topkGroup === undefined &&
  !i.disableShared &&
  Object.values(i.disabledExperts ?? {}).every((e) => e.length === 0);

export const createViewSlice: StateCreator<ViewSlice, [], [], ViewSlice> = (set) => ({
  page: 'explore',
  layer: 1,
  view: null,
  highlightedExpert: null,
  interventions: {},
  whatIf: null,
  whatIfId: 0,
  setPage: (page) => set({ page }),
  setLayer: (layer) => set({ layer }),
  setView: (view) => set({ view }),
  setHighlightedExpert: (highlightedExpert) => set({ highlightedExpert }),
  setInterventions: (interventions, index) => {
    if (isEmpty(interventions) || index < 0) return set({ interventions: {}, whatIf: null, whatIfId: 0 });
    const id = newRequestId();
    set({ interventions, whatIfId: id });
    sendTo('model', { type: 'whatIf', id, index, interventions });
  },
});
