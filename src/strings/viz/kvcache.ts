/** The strings of the KV cache view (src/viz/kvcache). */

export const kvcache = {
  title: 'KV cache',
  explain: {
    a: 'To write the next token, attention looks back at every earlier token’s keys and values, so a model keeps them in a',
    cache: 'KV cache',
    b: 'that grows by one entry per token in every layer. Ordinary multi-head attention (MHA) stores a key and a value for every head. GQA and MQA save memory by letting heads share keys and values. MLA instead stores one small',
    latent: 'latent',
    c: 'vector',
    d: 'per token, plus one small RoPE key, and rebuilds every head’s keys and values from it when needed. Step through the tokens to watch the real cache grow, and slide the projection to see what this means for a large model with a long context.',
  },
  pathDiff: (d: string) => `naive vs absorbed: max |Δ| = ${d}`,
  pathA: 'Each pass computes attention twice: the naive way, rebuilding every head’s keys and values from',
  pathB:
    ', and the absorbed way, folding those projections into the query and output so attention reads the latent cache directly. The largest difference between their outputs at this token, per layer:',
  pathLayer: (l: number, d: string) => `layer ${l} ${d}`,
  pathC: '. Differences near 1e-7 are float32 rounding: the two are the same computation.',
  empty: 'No token yet: the cache is empty.',
  notMeasured: 'not measured',
  ratio: (mla: string, mha: string, pct: string) =>
    `MLA keeps ${mla} values per token per layer; MHA would keep ${mha} (${pct})`,
  mechanism: { mla: 'MLA', mha: 'MHA', gqa: (groups: number) => `GQA (${groups} groups)`, mqa: 'MQA' },
  measured: ' (measured)',
  meter: {
    describe: (tokens: number, total: number, mla: string, layers: number, perLayer: string) =>
      `Bar chart of KV-cache bytes after ${tokens} of ${total} tokens: the latent cache holds ${mla} (measured) for all ${layers} layers, ${perLayer} per layer; with the same heads `,
    wouldHold: (label: string, bytes: string) => `${label} would hold ${bytes}`,
    title: (i: number) => `Live cache after token ${i}`,
    sub: (tokens: number, layers: number) =>
      `${tokens} token${tokens === 1 ? '' : 's'} × ${layers} layers, float32. The MLA bar is the size of the cache the model really filled; the others are computed for the same heads. The scale runs to the session’s last token, so the bars grow as you step through it.`,
    all: (layers: number) => `All ${layers} layers`,
    one: 'One layer',
    data: 'live cache',
    caption: (tokens: number, layers: number) => `KV-cache bytes after ${tokens} tokens (float32, ${layers} layers)`,
    columns: ['mechanism', 'values / token / layer', 'bytes per layer', 'bytes, all layers', 'source'],
    fromCache: 'measured from the cache',
    computed: 'computed',
  },
  projection: {
    label: (name: string, tokens: string) => `Projection bar chart for ${name} at ${tokens} tokens in bf16: `,
    title: (name: string) => `Projection: ${name} at`,
    titleTail: 'tokens (bf16)',
    subA: (name: string, layers: number, heads: number) =>
      `Computed, not measured: ${name}’s published config (${layers} layers, ${heads} heads,`,
    subB: ') at 2 bytes per element. Bars are scaled to MHA at this context length.',
    context: 'Context length',
    tokens: (t: string) => `${t} tokens`,
    sum: (mla: string, mha: string) => `MLA ${mla} vs MHA ${mha} (`,
    bars: (layers: number, tokens: string) => `All ${layers} layers, ${tokens} tokens`,
    data: 'projection',
    caption: (name: string, tokens: string) => `Projected KV cache of ${name}, ${tokens} tokens, bf16`,
    columns: (layers: number) => [
      'mechanism',
      'values / token / layer',
      'per layer',
      `all ${layers} layers`,
      'bytes, all layers',
    ],
  },
  heatmap: {
    label: (layer: number, last: number | undefined, rows: number, dims: number, max: string) =>
      `Heatmap of the latent c_KV cached in layer ${layer} for tokens 0 to ${last}: ${rows} rows × ${dims} dims, coloured from −${max} (red) through 0 (white) to +${max} (blue); the row of token ${last} is outlined.`,
    title: 'Latent cache',
    titleLayer: (layer: number) => `, layer ${layer}`,
    sub: (dims: number) =>
      `Each row is one token’s ${dims}-number latent as the cache stores it, after its RMSNorm; the model rebuilds every head’s key and value from it. The newest row is outlined.`,
    layer: 'Layer',
    axis: 'latent value (same range for every token of this layer)',
    data: (layer: number) => `latent cache of layer ${layer}`,
    caption: (layer: number, last: number | undefined, dims: number) =>
      `c_KV of layer ${layer}, tokens 0–${last}, dims 0–${dims - 1}`,
    token: 'token',
  },
};
