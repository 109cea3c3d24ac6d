/** The strings of the Attention view (src/viz/attention). */

export const attention = {
  title: 'Attention',
  intro: {
    a: (n: number) =>
      `Each of the ${n} heads of a layer decides how much of every earlier token this token reads. Its weights are a softmax over one score (logit) per earlier token, and in DeepSeek-V2’s Multi-head Latent Attention every score is the sum of two parts: a`,
    content: 'content',
    part: 'part',
    b: ', which compares what the two tokens are and ignores where they stand, and a',
    position: 'position',
    c: ' from the small rotary (RoPE) query and the one RoPE key all heads share, which depends on how far apart they are. Both are multiplied by',
    d: '. Green raises a token’s weight, purple lowers it.',
  },
  untrained: 'Untrained weights: these patterns come from random initialisation.',
  none: (q: number, layer: number) => `No attention recorded for token ${q} at layer ${layer}.`,
  query: 'Query token',
  context: (q: number, source: string, layer: number, sigma: string, n: number) =>
    ` (#${q}, ${source}) · layer ${layer} · σ = ${sigma} · ${n} key${n === 1 ? '' : 's'}`,
  first: 'The first token has nothing before it, so every head gives it all its attention (weight 1).',
  enlarge: 'Enlarge a head',
  enlargeLabel: 'Enlarge head:',
  head: (h: number) => `Head ${h}`,
  legendWeight: 'attention weight',
  legendContent: 'content σ·q',
  legendPosition: 'position σ·q',
  legendLogit: 'logit = content + position',
  allHeads: 'All heads',
  rampWeight: 'weight',
  rampPart: 'logit part',
  headData: (h: number) => `head ${h}`,
  headCaption: (h: number) =>
    `Head ${h}: one row per key position; the parts are already multiplied by σ, and logit = content + position.`,
  headColumns: ['Key', 'Token', 'Weight', 'Content σ·q^C·k^C', 'Position σ·q^R·k^R', 'Logit'],
  allData: 'all heads',
  allCaption: (layer: number) => `Every head at layer ${layer}: one row per head and key; parts are multiplied by σ.`,
  allColumns: ['Head', 'Key', 'Token', 'Weight', 'Content', 'Position', 'Logit'],
  strip: { weight: 'weight', content: 'content', position: 'position' },
  headLabel: (h: number) => `head ${h}`,
  cellTip: (h: number, text: string, pos: number, kind: string, v: string) =>
    `head ${h}, “${text}” (#${pos}): ${kind} ${v}`,
  detail: {
    weight: 'weight',
    parts: 'logit parts',
    scaled: '(× σ)',
    weightTip: (pos: number, v: string) => `#${pos} weight ${v}`,
    partTip: (pos: number, kind: string, v: string) => `#${pos} ${kind} ${v}`,
    logitTip: (pos: number, v: string) => `#${pos} logit ${v}`,
  },
  keys: 'Key tokens',
  keyName: (text: string, pos: number, isQuery: boolean) =>
    `Token “${text}” at position ${pos}${isQuery ? ' (the query)' : ''}: select it`,
  summaryHead: (h: number, text: string, pos: number, w: string) => `head ${h} most on “${text}” (#${pos}, ${w})`,
  summary: (text: string, q: number, layer: number, n: number, heads: number, parts: string) =>
    `Attention of token “${text}” (#${q}) at layer ${layer} over ${n} position${n === 1 ? '' : 's'}, ${heads} heads: ${parts}.`,
  headSummary: (
    h: number,
    w: string,
    t: string,
    tp: number,
    c: string,
    cp: number,
    cv: string,
    p: string,
    pp: number,
    pv: string,
  ) =>
    `Head ${h}: largest weight ${w} on “${t}” (#${tp}). Content raises “${c}” (#${cp}) most (${cv}); position raises “${p}” (#${pp}) most (${pv}).`,
};
