/**
 * Earlier Balance-lab runs kept for comparison: when a one-click preset replaces a run that was
 * itself a preset, its curves stay on the charts beside the new run (the same seed, so "Collapse",
 * "V2 losses" and "V3 bias" can be overlaid). Pure functions of the lab's state.
 */
import type { LabPoint } from '../train/lab/labRun';
import { LAB_PRESETS, RESET_FIELDS, type LabPresetName, type LabSettings } from '../train/lab/labSettings';

/** One earlier run of a preset. */
export interface LabOverlay {
  preset: LabPresetName;
  settings: LabSettings;
  points: LabPoint[];
}

/** The preset these settings are (the model and start aside), or null when they are not one. */
export function presetOf(s: LabSettings): LabPresetName | null {
  const names = Object.keys(LAB_PRESETS) as LabPresetName[];
  return (
    names.find((name) => {
      const p: LabSettings = { ...LAB_PRESETS[name], model: s.model, start: s.start };
      return (Object.keys(p) as (keyof LabSettings)[]).every((k) => p[k] === s[k]);
    }) ?? null
  );
}

/** `overlays` with the run (`settings`, `points`) kept in place of any earlier run of the same preset. */
export function keepOverlay(overlays: LabOverlay[], settings: LabSettings, points: LabPoint[]): LabOverlay[] {
  const preset = presetOf(settings);
  if (preset === null || points.length === 0) return overlays;
  return [...overlays.filter((o) => o.preset !== preset), { preset, settings, points }];
}

/** The overlays comparable with a run under `current`: the same shapes and seed, another preset. */
export function comparableOverlays(overlays: LabOverlay[], current: LabSettings): LabOverlay[] {
  const preset = presetOf(current);
  return overlays.filter(
    (o) => o.preset !== preset && RESET_FIELDS.every((f) => f === 'balancing' || o.settings[f] === current[f]),
  );
}
