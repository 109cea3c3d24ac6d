/** The one store the UI reads, built from slices; actions are callable without hooks (`useAppStore.getState()`). */
import { create } from 'zustand';
import { createBalanceLabSlice, type BalanceLabSlice } from './balanceLabSlice';
import { createGrpoSlice, type GrpoSlice } from './grpoSlice';
import { createModelSlice, type ModelSlice } from './modelSlice';
import { createRuntimeSlice, type RuntimeSlice } from './runtimeSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createViewSlice, type ViewSlice } from './viewSlice';

export type AppState = RuntimeSlice & ModelSlice & SessionSlice & ViewSlice & GrpoSlice & BalanceLabSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createRuntimeSlice(...a),
  ...createModelSlice(...a),
  ...createSessionSlice(...a),
  ...createViewSlice(...a),
  ...createGrpoSlice(...a),
  ...createBalanceLabSlice(...a),
}));
