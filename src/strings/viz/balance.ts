/** The strings of the Load balance view (src/viz/balance). */

export const balance = {
  title: 'Load balance',
  heading: (layer: number) => `Load balance · layer ${layer}`,
  untrained: 'Recorded from untrained (random) weights: the router is nearly uniform, so every number sits close to 1.',
  intro: {
    a: (k: number | null, nr: number) =>
      `The router sends every token to ${k} of the ${nr} routed experts. If a few experts get most of the tokens they do most of the work while the rest sit idle, and in training on many GPUs the busiest device makes all the others wait. DeepSeek-V2 therefore adds small balance losses to its training loss. The load f`,
    b: ' compares how often expert i was chosen with its fair share (1 = exactly fair), and P',
    c: " is the router's average probability for it; the loss Σ f",
    d: (ng: number | null, per: number, last: number) =>
      `, shown as L/α, is 1 when routing is even and grows when the favourite experts are also the busiest. The same idea applies to the ${ng} devices that hold ${per} experts each (f′) and to how many tokens each device receives (f″). Everything counts tokens 0 to ${last}, so it changes as you step. The slider at the bottom replays token dropping: a device given more than its capacity drops the assignments it is least sure of.`,
  },
  dense: (layer: number) =>
    `Layer ${layer} has a dense MLP: every token uses the same feed-forward network, so there is nothing to balance. Pick an MoE layer.`,
  stats: {
    tokens: 'Tokens counted',
    maxMean: 'Busiest expert ÷ mean',
    deviceMaxMean: 'Busiest device ÷ mean',
    routerEntropy: 'Router entropy (mean per token)',
    loadEntropy: 'Load entropy',
    bits: (v: string, max: string) => `${v} of ${max} bits`,
  },
  load: {
    caption: 'Expert load f',
    captionTail: ' (1 = fair share)',
    ref: 'fair\nshare = 1',
    data: 'Expert load and mean probability',
    dataCaption: (tokens: number, factor: string) =>
      `Per expert over ${tokens} tokens: times chosen, load f, mean router probability P, assignments dropped at factor ${factor}`,
    columns: ['expert', 'device', 'chosen', 'f', 'P', 'dropped'],
    hasDrops: 'has drops',
  },
  prob: {
    caption: 'Mean router probability P',
    captionTail: (nr: number) => ` (uniform = 1/${nr})`,
    ref: (p: string) => `uniform\n= ${p}`,
    data: 'Mean router probability',
    dataCaption: (tokens: number) =>
      `Per expert: mean router probability P over ${tokens} tokens, and P·N_r (1 = uniform)`,
    columns: ['expert', 'device', 'P', 'P·N_r'],
  },
  device: {
    caption: 'Load per device: f′ filled, f″ outlined (1 = balanced)',
    data: 'Load per device',
    dataCaption:
      'Per device: assignments received, tokens received, f′ (mean expert load), P′ (summed probability), f″ (tokens received, 1 = balanced)',
    columns: ['device', 'assignments', 'tokens', 'f′', 'P′', 'f″'],
    ref: 'balanced\n= 1',
  },
  losses: {
    caption: 'Balance losses as L/α',
    alpha: (a1: number, a2: number, a3: number) =>
      `In training they are multiplied by α₁ = ${a1}, α₂ = ${a2}, α₃ = ${a3}.`,
    data: 'Balance losses',
    dataCaption: 'Each balance loss divided by its coefficient α; 1 means perfectly balanced',
    columns: ['loss', 'L/α'],
    ref: '1 = balanced',
    expert: 'Expert  L_ExpBal/α₁',
    device: 'Device  L_DevBal/α₂',
    comm: 'Comm.  L_CommBal/α₃',
  },
  expert: (e: number) => `expert ${e}`,
  deviceName: (d: number) => `device ${d}`,
  capacity: {
    title: 'Token dropping at a device capacity',
    factor: 'Capacity factor',
    valueText: (f: string, cap: number) => `${f} times the mean load: ${cap} assignments per device`,
    output: (f: string, cap: number) => `${f}× → ${cap} per device`,
    caption: 'Assignments per device',
    ref: (cap: number) => `capacity\n${cap}`,
    data: 'Assignments per device',
    dataCaption: 'Token–expert assignments each device received, its capacity, and how many would be dropped',
    columns: ['device', 'assignments', 'capacity', 'dropped'],
    over: 'over capacity',
    lose: 'Tokens that would lose an expert',
    tokens: 'Tokens so far; those with dropped assignments are marked',
    dropped: ' dropped',
    pairs: 'Dropped token–expert pairs, lowest affinity first per device',
    pair: (pos: number, text: string, expert: number) => `#${pos} ‘${text}’ → expert ${expert}`,
    pairTail: (device: number, s: string) => `(device ${device}, s = ${s})`,
  },
  text: {
    dropped: (n: number) => ` ${n} assignments would be dropped, hatched.`,
    expertLoad: (
      nr: number,
      layer: number,
      tokens: number,
      hi: number,
      hiV: string,
      lo: number,
      loV: string,
      dropped: string,
    ) =>
      `Bar chart: load f of each of ${nr} experts in layer ${layer} over ${tokens} tokens; fair share is 1. Busiest expert ${hi} at ${hiV}, least used expert ${lo} at ${loV}.${dropped}`,
    meanProb: (nr: number, uniform: string, hi: number, hiV: string, lo: number, loV: string) =>
      `Bar chart: mean router probability P of each of ${nr} experts; uniform is 1/${nr} = ${uniform}. Highest expert ${hi} at ${hiV}, lowest expert ${lo} at ${loV}.`,
    devicePart: (i: number, f: string, fc: string) => `device ${i}: f′ ${f}, f″ ${fc}`,
    deviceLoad: (parts: string) =>
      `Bar chart per device, 1 = balanced: f′ is the mean load of its experts, f″ the tokens it receives. ${parts}.`,
    losses: (e: string, d: string, c: string) =>
      `Bar chart of the balance losses as L/α, where 1 = balanced: expert-level ${e}, device-level ${d}, communication ${c}.`,
    capacityPart: (i: number, n: number, dropped: number) =>
      `device ${i} ${n}${dropped ? ` (${dropped} dropped)` : ''}`,
    capacity: (cap: number, factor: string, mean: string, parts: string) =>
      `Bar chart: token–expert assignments per device against a capacity of ${cap} (factor ${factor} × mean load ${mean}): ${parts}.`,
    noDrops: (cap: number) => `No assignments dropped: every device is within its capacity of ${cap}.`,
    drops: (n: number, total: number, share: string) =>
      `${n} of ${total} token–expert assignments would be dropped (${share}).`,
  },
};
