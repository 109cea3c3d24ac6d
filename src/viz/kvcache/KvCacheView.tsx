/**
 * KV cache view: the bytes MLA's latent cache really holds as tokens arrive, against MHA, GQA and
 * MQA with the same heads; the ratio; a bf16 projection to DeepSeek-V2 up to 128K tokens; the
 * latent c_KV itself as a heatmap; and how closely the naive and absorbed attention paths agree.
 */
import type { DeepseekV2Config } from '../../model/config';
import { DEEPSEEK_V2 } from '../../model/presets';
import type { TokenRecord } from '../../session/records';
import { Sym } from '../common/Sym';
import { UntrainedNote } from '../common/UntrainedNote';
import '../common/vizBase.css';
import { CacheMeter } from './CacheMeter';
import { formatDiff, MAX_CONTEXT, maxPathDiff, ratioSentence } from './kvMath';
import { LatentHeatmap } from './LatentHeatmap';
import { V2Projection } from './V2Projection';
import './kvcache.css';

export interface KvCacheViewProps {
  /** the loaded model's config. */
  config: DeepseekV2Config;
  /** the session's per-token records (cacheBytes, cKV, pathDiff are read). */
  records: TokenRecord[];
  /** index into records of the current token: the meter and heatmap show the cache after it. */
  selected: number;
  /** layer whose latent c_KV the heatmap shows. */
  layer?: number;
  /** called when the reader picks another heatmap layer; omit to hide the picker. */
  onLayerChange?: (layer: number) => void;
  /** context length (tokens) the DeepSeek-V2 projection slider starts at. */
  projectionContext?: number;
  /** true when the records come from seeded random weights: shows a small note. */
  untrained?: boolean;
}

export function KvCacheView({
  config,
  records,
  selected,
  layer = 0,
  onLayerChange,
  projectionContext = MAX_CONTEXT,
  untrained = false,
}: KvCacheViewProps) {
  const record = records[selected];
  const diff = record ? maxPathDiff(record) : null;
  return (
    <section role="region" aria-label="KV cache" className="panel kv">
      <h2>KV cache</h2>
      <UntrainedNote untrained={untrained} />
      <p className="viz-explain">
        To write the next token, attention looks back at every earlier token’s keys and values, so a model keeps them in
        a <strong>KV cache</strong> that grows by one entry per token in every layer. Ordinary multi-head attention
        (MHA) stores a key and a value for every head. GQA and MQA save memory by letting heads share keys and values.
        MLA instead stores one small <em>latent</em> vector <Sym>c_KV</Sym> per token, plus one small RoPE key, and
        rebuilds every head’s keys and values from it when needed. Step through the tokens to watch the real cache grow,
        and slide the projection to see what this means for a large model with a long context.
      </p>
      <p className="kv-ratio" data-testid="kv-ratio">
        {ratioSentence(config)}.
      </p>
      {record ? (
        <>
          <CacheMeter config={config} records={records} selected={selected} />
          <div className="kv-pathdiff">
            <p data-testid="path-diff">
              <strong>naive vs absorbed: max |Δ| = {formatDiff(diff)}</strong>
            </p>
            <p className="kv-sub">
              Each pass computes attention twice: the naive way, rebuilding every head’s keys and values from{' '}
              <Sym>c_KV</Sym>, and the absorbed way, folding those projections into the query and output so attention
              reads the latent cache directly. The largest difference between their outputs at this token, per layer:{' '}
              {record.layers.map((l) => `layer ${l.layer} ${formatDiff(l.pathDiff)}`).join(' · ')}. Differences near
              1e-7 are float32 rounding: the two are the same computation.
            </p>
          </div>
          <LatentHeatmap records={records} selected={selected} layer={layer} onLayerChange={onLayerChange} />
        </>
      ) : (
        <p>No token yet: the cache is empty.</p>
      )}
      <V2Projection config={DEEPSEEK_V2} name="DeepSeek-V2" initialContext={projectionContext} />
    </section>
  );
}
