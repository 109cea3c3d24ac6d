/**
 * The live meter: what the real latent cache holds after the selected token (measured), against
 * what MHA, GQA and MQA with the same heads would hold, per layer and for the whole model.
 */
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { formatBytes } from '../common/format';
import { CacheBars, facetHeight, type BarGeometry } from './CacheBars';
import { BYTES_F32, cacheTable, liveCacheTable, type CacheRow } from './kvMath';

export interface CacheMeterProps {
  /** the loaded model's config. */
  config: DeepseekV2Config;
  /** the session's records; the last one fixes the bar scale so bars grow with the tokens. */
  records: TokenRecord[];
  /** index into records of the token the meter shows the cache after. */
  selected: number;
}

const M = S.kvcache.meter;

const WIDTH = 720;
const GEOMETRY: BarGeometry = { labelWidth: 150, barWidth: 470, rowHeight: 26, titleHeight: 24 };
const GAP = 14;

function describe(rows: CacheRow[], tokens: number, total: number, layers: number): string {
  const [mla, ...others] = rows;
  return (
    M.describe(tokens, total, formatBytes(mla.totalBytes), layers, formatBytes(mla.perLayerBytes)) +
    others.map((r) => M.wouldHold(r.label, formatBytes(r.totalBytes))).join(', ') +
    '.'
  );
}

export function CacheMeter({ config, records, selected }: CacheMeterProps) {
  const record = records[selected];
  const tokens = record.index + 1;
  const rows = liveCacheTable(config, tokens, record.cacheBytes);
  const finalTokens = records[records.length - 1].index + 1;
  const maxTotal = Math.max(...cacheTable(config, finalTokens, BYTES_F32).map((r) => r.totalBytes), record.cacheBytes);
  const layers = config.num_hidden_layers;
  const fh = facetHeight(GEOMETRY, rows.length);
  return (
    <figure className="kv-figure">
      <h3>
        {M.title(record.index)} <span className="kv-token">“{record.text}”</span>
      </h3>
      <p className="kv-sub">{M.sub(tokens, layers)}</p>
      <svg
        className="viz-svg kv-meter"
        viewBox={`0 0 ${WIDTH} ${2 * fh + GAP}`}
        role="img"
        aria-label={describe(rows, tokens, finalTokens, layers)}
        data-testid="kv-meter"
      >
        <CacheBars title={M.all(layers)} rows={rows} value="totalBytes" max={maxTotal} y={0} geometry={GEOMETRY} />
        <CacheBars
          title={M.one}
          rows={rows}
          value="perLayerBytes"
          max={maxTotal / layers}
          y={fh + GAP}
          geometry={GEOMETRY}
        />
      </svg>
      <ShowData
        what={M.data}
        caption={M.caption(tokens, layers)}
        columns={M.columns}
        rows={rows.map((r) => [
          r.label,
          r.elementsPerTokenPerLayer,
          r.perLayerBytes.toLocaleString('en-US'),
          r.totalBytes.toLocaleString('en-US'),
          r.measured ? M.fromCache : M.computed,
        ])}
        textColumns={[4]}
      />
    </figure>
  );
}
