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
  math: {
    whose: (index: number, text: string, layer: number, head: number) =>
      `token ${index} “${text}”, layer ${layer}, head ${head}`,
    cq: 'Query compression: the query goes through its own small latent.',
    qc: 'The content queries of all heads are rebuilt from that latent.',
    qPlain:
      'This model has no query latent (q_lora_rank is null), so one projection gives every head’s content and RoPE query, and eqs. 12–13 are skipped.',
    qr: 'Each head’s RoPE query: the only part of the query that knows the token’s position.',
    q: 'Each head’s query: its content part and its RoPE part side by side.',
    k: (heads: number) => `Each head’s key: its own content part beside the one RoPE key all ${heads} heads share.`,
    split: (head: number) =>
      `So every logit is a content term plus a position term. Head ${head}’s most-attended key j:`,
    attn: (head: number) =>
      `Attention of head ${head}: a softmax over keys 0…t of the scaled logits; its top keys’ weights:`,
    yarn: '(with YaRN’s mscale²)',
    out: 'The heads’ outputs are joined and projected back to the residual stream.',
  },
};
