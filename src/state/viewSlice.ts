/** What the user is looking at: the page, the detail view, the layer, a highlighted expert, and routing interventions with their result. */
import type { StateCreator } from 'zustand';
import { DEFAULT_VIEW, isDetailId, type DetailId, type ViewId } from '../app/viewRegistry';
import type { Interventions } from '../model/model';
import type { TokenRecord } from '../session/records';
import { newRequestId, sendTo } from './workerLink';

export interface ViewSlice {
  /** the page shown: 'explore' (the live views) or a lab's id (src/app/pages.tsx). */
  page: string;
  /** the layer the per-layer views show. */
  layer: number;
  /** the detail view shown under the flow (src/app/viewRegistry.ts). */
  view: DetailId;
  /** every detail view at once, one below the other, instead of the one chosen. */
  showAll: boolean;
  /** the Explore view to bring into sight; `reveal` counts the requests, so asking twice scrolls twice. */
  reveal: { view: ViewId; n: number } | null;
  highlightedExpert: number | null;
  interventions: Interventions;
  /** the next-token distribution under the interventions, for the token it was computed at. */
  whatIf: { index: number; next: TokenRecord['next'] } | null;
  whatIfId: number;
  setPage: (page: string) => void;
  setLayer: (layer: number) => void;
  /** shows that detail (the details menu); other views' ids are ignored. */
  setView: (view: ViewId) => void;
  /** shows that view and scrolls to it (lessons, the flow's blocks). */
  openView: (view: ViewId) => void;
  setShowAll: (showAll: boolean) => void;
  setHighlightedExpert: (e: number | null) => void;
  /** sets the interventions and asks the worker for the distribution at `index` under them. */
  setInterventions: (i: Interventions, index: number) => void;
}

const isEmpty = (i: Interventions) =>
  i.topK === undefined &&
  i.topkGroup === undefined &&
  !i.disableShared &&
  Object.values(i.disabledExperts ?? {}).every((e) => e.length === 0);

export const createViewSlice: StateCreator<ViewSlice, [], [], ViewSlice> = (set, get) => ({
  page: 'explore',
  layer: 1,
  view: DEFAULT_VIEW,
  showAll: false,
  reveal: null,
  highlightedExpert: null,
  interventions: {},
  whatIf: null,
  whatIfId: 0,
  setPage: (page) => set({ page }),
  setLayer: (layer) => set({ layer }),
  setView: (view) => {
    if (isDetailId(view)) set({ view });
  },
  openView: (view) => {
    get().setView(view);
    set({ reveal: { view, n: (get().reveal?.n ?? 0) + 1 } });
  },
  setShowAll: (showAll) => set({ showAll }),
  setHighlightedExpert: (highlightedExpert) => set({ highlightedExpert }),
  setInterventions: (interventions, index) => {
    if (isEmpty(interventions) || index < 0) return set({ interventions: {}, whatIf: null, whatIfId: 0 });
    const id = newRequestId();
    set({ interventions, whatIfId: id });
    sendTo('model', { type: 'whatIf', id, index, interventions });
  },
});
