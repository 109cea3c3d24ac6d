/** The strings of the Expert routing view (src/viz/routing). */

export const routing = {
  title: 'Expert routing',
  intro: (nr: number, ng: number | null, tg: number | null, k: number | null, ns: number | null) =>
    `In an MoE layer each token’s hidden state goes to only a few experts. A router scores all ${nr} routed experts with a softmax (s). The experts are split over ${ng} devices, and to keep communication cheap DeepSeek-V2 first picks the ${tg} device${tg === 1 ? '' : 's'} holding the token’s best experts, then takes the top ${k} experts inside them (group-limited greedy). Their outputs are added, weighted by s, to those of the ${ns} shared experts that every token uses.`,
  untrained: 'Untrained weights: the router is still random.',
  dense: (layer: number, moe: boolean, list: string) =>
    `Layer ${layer} is ${moe ? 'not recorded' : 'a dense layer'}: every token goes through the same feed-forward network, so there is no routing to show. Choose an MoE layer (${list}) to see the experts.`,
  or: 'or',
  ramp: 'router probability s',
  /** the router's scoring, V2 or V3 (docs/model.md#deepseek-v3-routing). */
  scoring: { softmax: 'softmax', sigmoid: 'sigmoid + bias' },
  softmaxNote: 'DeepSeek-V2: the scores s of a token sum to 1.',
  biasNote:
    'DeepSeek-V3: each s is a sigmoid; a per-expert bias b is added to choose the experts, but the gates use s alone.',
  biasList: 'Selection bias of each routed expert',
  biasItem: (e: number, b: string) => `E${e} b = ${b}`,
  used: (k: number | null) => `used by the token (its top ${k}, and the shared experts)`,
  masked: 'device not selected for that token',
  hint: 'Press an expert number to highlight the tokens routed to it.',
  expert: (e: number) => `Expert ${e}`,
  chosenBy: (device: number, n: number, rows: number, layer: number) =>
    ` (device ${device}) is chosen by ${n} of ${rows} tokens at layer ${layer}.`,
  clear: 'Clear',
  routedList: (e: number) => `Tokens routed to expert ${e}`,
  routedItem: (index: number, gate: string, choice: number) => ` #${index} · gate ${gate} · choice ${choice}`,
  data: 'router probabilities',
  caption: (layer: number, k: number | null) =>
    `Layer ${layer}: one row per token; s for every routed expert, * marks the chosen top ${k}.`,
  columns: ['Token', '#', 'Devices'],
  cellTip: (text: string, index: number, expert: number, group: number, s: string) =>
    `“${text}” #${index}, expert ${expert} (device ${group}): s = ${s}`,
  cellChosen: (rank: number) => `, chosen #${rank}`,
  cellMasked: ', device not selected',
  device: (g: number) => `device ${g}`,
  shared: 'shared',
  routedExperts: 'Routed experts',
  expertName: (e: number, g: number | null) => `Expert ${e} (device ${g}): highlight the tokens routed to it`,
  sharedTitle: (e: number) => `Shared expert ${e}: every token uses it`,
  tokens: 'Tokens',
  tokenName: (index: number, text: string) => `${index} ${text}: show its path`,
  summary: (layer: number, rows: number, nr: number | null, ng: number | null, ns: number | null) =>
    `Router probabilities at layer ${layer}: ${rows} tokens × ${nr} routed experts in ${ng} device groups, plus ${ns} shared experts every token uses. `,
  summaryToken: (text: string, index: number, devices: string, chosen: string) =>
    `Token “${text}” (#${index}) may use devices ${devices} and chose experts ${chosen}. `,
  and: ' and ',
  summaryBusiest: (e: number, n: number) => `Expert ${e} is chosen most often (${n} tokens).`,
  path: {
    dense: 'dense MLP: every token takes the same path',
    moe: (devices: string, experts: string, ns: number) =>
      `devices ${devices} → experts ${experts}${ns > 0 ? ` + ${ns} shared` : ''}`,
    layerStep: (layer: number, step: string) => `layer ${layer} ${step}`,
    summary: (text: string, index: number, steps: string) => `Path of “${text}” (#${index}): ${steps}.`,
    title: 'Path of',
    titleTail: (index: number, n: number) => ` (#${index}) through all ${n} layers`,
    layer: (l: number) => `layer ${l}`,
    denseBox: 'dense MLP',
    chosen: 'chosen expert',
    allowed: 'on a device the token may use',
    masked: 'on a device it may not use',
    shared: 'shared (always on)',
    list: 'Path by layer',
    item: (l: number) => `Layer ${l}`,
  },
  math: {
    whose: (index: number, text: string, layer: number) => `token ${index} “${text}”, layer ${layer}`,
    out: (ns: number, nr: number) =>
      `DeepSeekMoE: the ${ns} shared experts always run, the ${nr} routed experts only with a non-zero gate. The sizes of the two sums for this token:`,
    gate: (k: number) => `The gate keeps the token’s top ${k} affinities and zeroes the rest.`,
    gateNorm: (k: number) =>
      `The gate keeps the token’s top ${k} affinities; this config renormalises them to sum to 1 (norm_topk_prob).`,
    gateScaled: (k: number, scale: string) =>
      `The gate keeps the token’s top ${k} affinities; this config multiplies them by ${scale} (routed_scaling_factor).`,
    others: 'others',
    affinity: (nr: number) => `The router’s affinity: a softmax over all ${nr} routed experts. The chosen experts’ s:`,
    devices: (d: number, m: number) =>
      `Device-limited routing (not numbered in the paper): as the code does it, the ${m} of ${d} devices holding the best affinities, then the top-K inside them.`,
  },
};
