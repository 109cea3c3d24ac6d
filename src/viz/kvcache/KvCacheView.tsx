/**
 * KV cache view: the bytes MLA's latent cache really holds as tokens arrive, against MHA, GQA and
 * MQA with the same heads; the ratio; a bf16 projection to DeepSeek-V2 up to 128K tokens; the
 * latent c_KV itself as a heatmap; and how closely the naive and absorbed attention paths agree.
 */
import type { DeepseekV2Config } from '../../model/config';
import { DEEPSEEK_V2 } from '../../model/presets';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { Sym } from '../common/Sym';
import { UntrainedNote } from '../common/UntrainedNote';
import '../common/vizBase.css';
import { CacheMath } from './CacheMath';
import { CacheMeter } from './CacheMeter';
import { formatDiff, MAX_CONTEXT, maxPathDiff, ratioSentence } from './kvMath';
import { LatentHeatmap } from './LatentHeatmap';
import { V2Projection } from './V2Projection';
import './kvcache.css';

const K = S.kvcache;

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
    <section role="region" aria-label={K.title} className="panel kv">
      <h2>{K.title}</h2>
      <UntrainedNote untrained={untrained} />
      <p className="viz-explain">
        {K.explain.a} <strong>{K.explain.cache}</strong> {K.explain.b} <em>{K.explain.latent}</em> {K.explain.c}{' '}
        <Sym>c_KV</Sym> {K.explain.d}
      </p>
      <p className="kv-ratio" data-testid="kv-ratio">
        {ratioSentence(config)}.
      </p>
      {record ? (
        <>
          <CacheMeter config={config} records={records} selected={selected} />
          <div className="kv-pathdiff">
            <p data-testid="path-diff">
              <strong>{K.pathDiff(formatDiff(diff))}</strong>
            </p>
            <p className="kv-sub">
              {K.pathA} <Sym>c_KV</Sym>
              {K.pathB} {record.layers.map((l) => K.pathLayer(l.layer, formatDiff(l.pathDiff))).join(' · ')}
              {K.pathC}
            </p>
          </div>
          <LatentHeatmap records={records} selected={selected} layer={layer} onLayerChange={onLayerChange} />
          <CacheMath config={config} record={record} layer={layer} />
        </>
      ) : (
        <p>{K.empty}</p>
      )}
      <V2Projection config={DEEPSEEK_V2} name="DeepSeek-V2" initialContext={projectionContext} />
    </section>
  );
}
