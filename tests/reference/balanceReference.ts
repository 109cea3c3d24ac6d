/**
 * Float64 reference of the three DeepSeek-V2 load-balance losses (DeepSeek-V2 eqs. (23)–(31), docs/model.md#balance-in-training), written
 * from the paper's equations with plain loops. Each returns its terms and the loss divided by its
 * α, so perfectly uniform routing gives exactly 1.
 *
 * Inputs: `probs[t][e]` are the router affinities s (softmax over all N_r routed experts, before
 * any group masking) and `chosen[t]` the K_r expert ids token t was actually routed to.
 * Experts split into D = nGroup contiguous groups ("devices") of N_r/D experts each.
 */

export interface BalanceTerms {
  /** per expert f_i (expert level) or per device f'_i / f''_i. */
  f: Float64Array;
  /** per expert P_i or per device P'_i = P''_i. */
  P: Float64Array;
  /** Σ f·P, i.e. L/α. */
  loss: number;
}

export interface SeqAuxBalance {
  /** Σ_i f_i P_i of each sequence. */
  perSequence: number[];
  /** their mean over the batch: L_ExpBal/α1 as the released code computes it with seq_aux. */
  loss: number;
}

function check(probs: ArrayLike<number>[], chosen: number[][], nRouted: number, k: number, nGroup = 1): void {
  if (probs.length === 0) throw new Error('balance: no tokens');
  if (probs.length !== chosen.length) throw new Error(`balance: ${probs.length} prob rows, ${chosen.length} choices`);
  if (nRouted % nGroup !== 0) throw new Error(`balance: ${nRouted} experts do not split into ${nGroup} groups`);
  probs.forEach((row, t) => {
    if (row.length !== nRouted) throw new Error(`balance: token ${t} has ${row.length} probs, expected ${nRouted}`);
    if (chosen[t].length !== k) throw new Error(`balance: token ${t} chose ${chosen[t].length} experts, expected ${k}`);
    for (const e of chosen[t]) {
      if (!Number.isInteger(e) || e < 0 || e >= nRouted) throw new Error(`balance: token ${t} chose expert ${e}`);
    }
  });
}

/** P_i = (1/T) Σ_t s_{i,t}. */
function meanProbs(probs: ArrayLike<number>[], nRouted: number): Float64Array {
  const P = new Float64Array(nRouted); // [N_r]
  for (const row of probs) for (let e = 0; e < nRouted; e++) P[e] += row[e];
  for (let e = 0; e < nRouted; e++) P[e] /= probs.length;
  return P;
}

/** P'_i = Σ_{j∈E_i} P_j. */
function groupSums(P: Float64Array, nGroup: number): Float64Array {
  const per = P.length / nGroup;
  const G = new Float64Array(nGroup); // [D]
  P.forEach((p, e) => (G[Math.floor(e / per)] += p));
  return G;
}

function sumProducts(f: Float64Array, P: Float64Array): number {
  let acc = 0;
  for (let i = 0; i < f.length; i++) acc += f[i] * P[i];
  return acc;
}

/** Expert-level balance (eq. 23–25): f_i = N_r/(K_r·T)·#(tokens choosing i), P_i = mean_t s_{i,t}. */
export function expertBalance(
  probs: ArrayLike<number>[],
  chosen: number[][],
  nRouted: number,
  k: number,
): BalanceTerms {
  check(probs, chosen, nRouted, k);
  const T = probs.length;
  const f = new Float64Array(nRouted); // [N_r]
  for (const es of chosen) for (const e of es) f[e] += 1;
  for (let e = 0; e < nRouted; e++) f[e] *= nRouted / (k * T);
  const P = meanProbs(probs, nRouted);
  return { f, P, loss: sumProducts(f, P) };
}

/** Device-level balance (eq. 26–28): f'_i = mean of f_j over device i's experts, P'_i = Σ of their P_j. */
export function deviceBalance(
  probs: ArrayLike<number>[],
  chosen: number[][],
  nRouted: number,
  k: number,
  nGroup: number,
): BalanceTerms {
  check(probs, chosen, nRouted, k, nGroup);
  const expert = expertBalance(probs, chosen, nRouted, k);
  const per = nRouted / nGroup;
  const f = groupSums(expert.f, nGroup).map((x) => x / per); // [D]
  const P = groupSums(expert.P, nGroup); // [D]
  return { f, P, loss: sumProducts(f, P) };
}

/**
 * Communication balance (eq. 29–31): f''_i = D/(M·T)·#(tokens sent to device i), where a token is
 * sent to device i when at least one of its chosen experts sits there; P''_i = Σ_{j∈E_i} P_j.
 */
export function commBalance(
  probs: ArrayLike<number>[],
  chosen: number[][],
  nRouted: number,
  k: number,
  nGroup: number,
  topkGroup: number,
): BalanceTerms {
  check(probs, chosen, nRouted, k, nGroup);
  const T = probs.length;
  const per = nRouted / nGroup;
  const f = new Float64Array(nGroup); // [D]
  for (const es of chosen) for (const g of new Set(es.map((e) => Math.floor(e / per)))) f[g] += 1;
  for (let g = 0; g < nGroup; g++) f[g] *= nGroup / (topkGroup * T);
  const P = groupSums(meanProbs(probs, nRouted), nGroup);
  return { f, P, loss: sumProducts(f, P) };
}

/** Expert-level balance per sequence, averaged over the batch (`seq_aux = true`, docs/model.md#balance-in-training). */
export function seqAuxExpertBalance(
  batchProbs: ArrayLike<number>[][],
  batchChosen: number[][][],
  nRouted: number,
  k: number,
): SeqAuxBalance {
  if (batchProbs.length === 0 || batchProbs.length !== batchChosen.length) {
    throw new Error(`balance: ${batchProbs.length} prob sequences, ${batchChosen.length} choice sequences`);
  }
  const perSequence = batchProbs.map((probs, b) => expertBalance(probs, batchChosen[b], nRouted, k).loss);
  return { perSequence, loss: perSequence.reduce((a, b) => a + b, 0) / perSequence.length };
}
