/**
 * The Balance lab as the UI knows it: the settings in force, the run's points (one per training
 * step), and what the lab worker says. Actions send typed requests to the 'balanceLab' worker
 * (connected by the lab page); `reduceLabEvent` folds the worker's events in.
 */
import type { StateCreator } from 'zustand';
import type { BackendStatus } from '../runtime/backendTypes';
import { toPoint, type LabPoint, type LabRunFile } from '../train/lab/labRun';
import {
  LAB_DEFAULTS,
  LAB_PRESETS,
  needsReset,
  parseLabSettings,
  type LabPresetName,
  type LabSettings,
} from '../train/lab/labSettings';
import type { LabEvent, LabRequest } from '../worker/balanceLab/protocol';
import type { ExportFor } from '../worker/messages';
import { mayDiscard } from './discardGuard';
import { keepOverlay, type LabOverlay } from './labOverlays';
import { sendTo } from './workerLink';

const send = (req: LabRequest) => sendTo('balanceLab', req);

export type LabStatus = 'idle' | 'starting' | 'ready' | 'error';

export interface BalanceLabState {
  status: LabStatus;
  backend: BackendStatus | null;
  /** the settings in force (always valid). */
  settings: LabSettings;
  /** why the last settings change was refused; null when it applied. */
  settingsError: string | null;
  /** stepping continuously. */
  playing: boolean;
  /** a single step is in flight. */
  stepping: boolean;
  /** decoder indices of the MoE layers, and N_r. */
  layers: number[];
  experts: number;
  /** tokens in the lab text. */
  corpusTokens: number;
  /** one point per step of this run. */
  points: LabPoint[];
  /** a stop or error message for the student (divergence, failed start); null when all is well. */
  message: string | null;
  /** the backend a loaded run was recorded on; null for a live run. */
  loadedFrom: string | null;
  /** earlier preset runs drawn beside this one (src/state/labOverlays.ts). */
  overlays: LabOverlay[];
  /** the model is being fetched from the worker to be saved or opened in Explore; null otherwise. */
  exporting: ExportFor | null;
}

export interface BalanceLabSlice {
  balanceLab: BalanceLabState;
  /** starts the lab (first reset) once its worker is connected. */
  labStart: () => void;
  /** changes settings: live ones apply from the next step, others reset the run. */
  labSetSettings: (patch: Partial<LabSettings>) => void;
  labApplyPreset: (name: LabPresetName) => void;
  labReset: () => void;
  labStep: () => void;
  labPlay: (until?: number) => void;
  labPause: () => void;
  /** shows a run loaded from a file (the trainer is not touched). */
  labShowRun: (run: LabRunFile) => void;
  /** removes the earlier runs from the charts. */
  labClearOverlays: () => void;
  labSetMessage: (message: string | null) => void;
  /** asks the worker for the run's model as files, to save it or open it in Explore. */
  labExport: (target: ExportFor) => void;
}

export const LAB_INITIAL: BalanceLabState = {
  status: 'idle',
  backend: null,
  settings: LAB_DEFAULTS,
  settingsError: null,
  playing: false,
  stepping: false,
  layers: [],
  experts: 0,
  corpusTokens: 0,
  points: [],
  message: null,
  loadedFrom: null,
  overlays: [],
  exporting: null,
};

export const createBalanceLabSlice: StateCreator<BalanceLabSlice, [], [], BalanceLabSlice> = (set, get) => {
  const patch = (p: Partial<BalanceLabState>) => set((s) => ({ balanceLab: { ...s.balanceLab, ...p } }));
  /** Steps of a live run that an action would throw away (a loaded run is still in its file). */
  const liveSteps = () => (get().balanceLab.loadedFrom ? 0 : get().balanceLab.points.length);
  const reset = (settings: LabSettings) => {
    patch({
      settings,
      settingsError: null,
      status: 'starting',
      playing: false,
      stepping: false,
      points: [],
      message: null,
      loadedFrom: null,
    });
    send({ type: 'reset', settings });
  };
  const apply = (next: unknown) => {
    const cur = get().balanceLab;
    let settings: LabSettings;
    try {
      settings = parseLabSettings(next);
    } catch (e) {
      return patch({ settingsError: e instanceof Error ? e.message : String(e) });
    }
    if (needsReset(cur.settings, settings) || cur.status !== 'ready' || cur.loadedFrom) {
      if (!mayDiscard('balanceLab', liveSteps())) return;
      return reset(settings);
    }
    patch({ settings, settingsError: null });
    send({ type: 'update', settings });
  };
  return {
    balanceLab: LAB_INITIAL,
    labStart: () => reset(get().balanceLab.settings),
    labSetSettings: (p) => apply({ ...get().balanceLab.settings, ...p }),
    labApplyPreset: (name) => {
      if (!mayDiscard('balanceLab', liveSteps())) return;
      const cur = get().balanceLab;
      if (!cur.loadedFrom) patch({ overlays: keepOverlay(cur.overlays, cur.settings, cur.points) });
      reset({ ...LAB_PRESETS[name], model: get().balanceLab.settings.model, start: 'scratch' });
    },
    labClearOverlays: () => patch({ overlays: [] }),
    labReset: () => {
      if (!mayDiscard('balanceLab', liveSteps())) return;
      reset(get().balanceLab.settings);
    },
    labStep: () => {
      const s = get().balanceLab;
      if (s.status !== 'ready' || s.playing || s.stepping || s.loadedFrom) return;
      patch({ stepping: true, message: null });
      send({ type: 'step' });
    },
    labPlay: (until) => {
      const s = get().balanceLab;
      if (s.status !== 'ready' || s.playing || s.loadedFrom) return;
      patch({ playing: true, message: null });
      send({ type: 'play', until });
    },
    labPause: () => {
      if (!get().balanceLab.playing) return;
      patch({ playing: false });
      send({ type: 'pause' });
    },
    labShowRun: (run) => {
      if (!mayDiscard('balanceLab', liveSteps())) return;
      send({ type: 'pause' });
      patch({
        settings: run.settings,
        settingsError: null,
        playing: false,
        stepping: false,
        layers: run.layers,
        experts: run.points[0]?.f[0]?.length ?? get().balanceLab.experts,
        points: run.points,
        message: null,
        loadedFrom: run.backend,
      });
    },
    labSetMessage: (message) => patch({ message }),
    labExport: (target) => {
      const s = get().balanceLab;
      if (s.status !== 'ready' || s.playing || s.stepping || s.loadedFrom || s.exporting || s.points.length === 0)
        return;
      patch({ exporting: target, message: null });
      send({ type: 'export', for: target });
    },
  };
};

/** Folds one worker event into the lab's state. */
export function reduceLabEvent(l: BalanceLabState, e: LabEvent): BalanceLabState {
  switch (e.type) {
    case 'backend':
      return { ...l, backend: e.status };
    case 'ready':
      return {
        ...l,
        status: 'ready',
        corpusTokens: e.corpusTokens,
        stepping: false,
        // a run loaded while the trainer was starting stays on screen
        ...(l.loadedFrom ? {} : { layers: e.layers, experts: e.experts, points: [] }),
      };
    case 'step':
      if (l.loadedFrom) return l; // a loaded run is on screen
      return { ...l, stepping: false, points: [...l.points, toPoint(e.event)] };
    case 'stopped':
      return { ...l, playing: false, stepping: false, message: e.message ?? l.message };
    case 'deviceLost':
      return { ...l, message: `${e.message}; switching backend…` };
    case 'restored':
      if (l.loadedFrom) return l;
      return {
        ...l,
        stepping: false,
        points: l.points.filter((p) => p.step <= e.step),
        message: `The GPU device was lost; the run goes on from step ${e.step} on another backend.`,
      };
    case 'exported':
      return { ...l, exporting: null };
    case 'error':
      return {
        ...l,
        exporting: null,
        playing: false,
        stepping: false,
        message: e.message,
        status: l.status === 'starting' ? 'error' : l.status,
      };
  }
}
