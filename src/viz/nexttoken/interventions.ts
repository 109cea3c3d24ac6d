/**
 * The what-if interventions the Next token view edits, as plain immutable updates: every
 * function returns a new object and drops keys that mean "no change", so `{}` is the recorded
 * model. The worker applies the same shape (model.ts `Interventions`).
 */
import type { DeepseekV2Config } from '../../model/config';
import { S } from '../../strings';

export interface NextTokenInterventions {
  /** K override: routed experts per token. */
  topK?: number;
  /** per MoE layer index, the routed experts that may not be chosen (ascending). */
  disabledExperts?: Record<number, number[]>;
  /** skip every MoE layer's shared experts. */
  disableShared?: boolean;
}

/** Experts a token can reach: all N_r, or M groups of N_r/D under group-limited routing. */
export function reachableExperts(c: DeepseekV2Config): number {
  const nr = c.n_routed_experts ?? 0;
  return c.topk_method !== 'greedy' ? c.topk_group * (nr / c.n_group) : nr;
}

/** Sets top-k, clamped to 1..reachable; the model's own K removes the override. */
export function withTopK(i: NextTokenInterventions, k: number, c: DeepseekV2Config): NextTokenInterventions {
  const { topK: _old, ...rest } = i;
  const clamped = Math.max(1, Math.min(reachableExperts(c), Math.round(k)));
  return clamped === c.num_experts_per_tok ? rest : { ...rest, topK: clamped };
}

/** Switches the shared experts off (true) or back on (false). */
export function withSharedOff(i: NextTokenInterventions, off: boolean): NextTokenInterventions {
  const { disableShared: _old, ...rest } = i;
  return off ? { ...rest, disableShared: true } : rest;
}

/** Whether `expert` is switched off in `layer`. */
export function isExpertOff(i: NextTokenInterventions, layer: number, expert: number): boolean {
  return i.disabledExperts?.[layer]?.includes(expert) ?? false;
}

/** Switches `expert` in `layer` off, or back on when it was off. */
export function toggleExpert(i: NextTokenInterventions, layer: number, expert: number): NextTokenInterventions {
  const current = i.disabledExperts?.[layer] ?? [];
  const next = current.includes(expert)
    ? current.filter((e) => e !== expert)
    : [...current, expert].sort((a, b) => a - b);
  const layers: Record<number, number[]> = { ...i.disabledExperts };
  if (next.length) layers[layer] = next;
  else delete layers[layer];
  const { disabledExperts: _old, ...rest } = i;
  return Object.keys(layers).length ? { ...rest, disabledExperts: layers } : rest;
}

/** True when anything differs from the recorded model. */
export function hasInterventions(i: NextTokenInterventions): boolean {
  return (
    i.topK !== undefined ||
    i.disableShared === true ||
    Object.values(i.disabledExperts ?? {}).some((es) => es.length > 0)
  );
}

/** One line naming the active interventions ("top-k 2 · shared experts off · layer 1: experts 3, 9 off"). */
export function describeInterventions(i: NextTokenInterventions): string {
  const parts: string[] = [];
  if (i.topK !== undefined) parts.push(S.nexttoken.changes.topK(i.topK));
  if (i.disableShared) parts.push(S.nexttoken.changes.sharedOff);
  for (const [layer, es] of Object.entries(i.disabledExperts ?? {})) {
    if (es.length) parts.push(S.nexttoken.changes.experts(layer, es));
  }
  return parts.length ? parts.join(' · ') : S.nexttoken.changes.none;
}
