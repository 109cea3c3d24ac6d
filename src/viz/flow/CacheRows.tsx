/**
 * The latent KV cache of one layer as the selected token sees it: one row per token so far, each
 * row that token's cached [c_KV | k^R], the newest row (this token's) outlined. Rows are drawn
 * in row units inside one scaled group and memoised per record, so a step adds one row and
 * leaves the others untouched. At most MAX_ROWS recent rows are drawn; the label counts them all.
 */
import { memo } from 'react';
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { STRIP_MAX } from './flowData';
import type { Box } from './flowLayout';
import { LABEL_W, stripColor } from './FlowMarks';
import { maxOf } from '../common/extent';

/** Rows drawn at most (the most recent ones). */
export const MAX_ROWS = 24;

interface CacheRowProps {
  /** row number = token position. */
  row: number;
  /** the record's c_KV; its first `dc` entries are drawn. */
  cKV: number[];
  dc: number;
  kR: number[];
  /** x of the k^R part, in the same units as the cells (c_KV cells are 1 wide). */
  ropeX: number;
  ropeCell: number;
}

const CacheRow = memo(function CacheRow({ row, cKV, dc, kR, ropeX, ropeCell }: CacheRowProps) {
  const latent = cKV.slice(0, dc);
  const max = Math.max(maxOf(latent.map(Math.abs)), maxOf(kR.map(Math.abs)));
  const color = stripColor(max);
  return (
    <g data-cache-row={row}>
      {latent.map((v, i) => (
        <rect key={i} x={i} y={row} width={1.02} height={0.86} style={{ fill: color(v) }} />
      ))}
      {kR.map((v, i) => (
        <rect
          key={`r${i}`}
          x={ropeX + i * ropeCell}
          y={row}
          width={ropeCell * 1.02}
          height={0.86}
          style={{ fill: color(v) }}
        />
      ))}
    </g>
  );
});

export interface CacheRowsProps {
  box: Box;
  records: TokenRecord[];
  selected: number;
  layer: number;
  config: DeepseekV2Config;
}

export function CacheRows({ box, records, selected, layer, config: c }: CacheRowsProps) {
  const start = Math.max(0, selected + 1 - MAX_ROWS);
  const shown = selected + 1 - start;
  const dc = Math.min(c.kv_lora_rank, STRIP_MAX);
  // k^R gets its share of the width by d_h^R : d_c, at least 8 % so it stays visible.
  const ropeShare = Math.max(0.08, c.qk_rope_head_dim / (c.kv_lora_rank + c.qk_rope_head_dim));
  const gridX = box.x + LABEL_W;
  const gridW = Math.max(1, box.w - LABEL_W);
  const gap = 0.04 * dc;
  const ropeCell = (dc * ropeShare) / (1 - ropeShare) / Math.max(1, c.qk_rope_head_dim);
  const units = dc + gap + ropeCell * c.qk_rope_head_dim;
  const rowH = Math.min(box.h / Math.max(shown, 1), 8);
  const sx = gridW / units;
  return (
    <g aria-hidden="true">
      <text x={box.x} y={box.y + 10} className="fl-label">
        {S.flow.cache}
      </text>
      {box.h >= 24 && (
        <text x={box.x} y={box.y + 22} className="fl-size">
          {S.flow.cacheRows(selected + 1)}
        </text>
      )}
      {box.h >= 36 && (
        <text x={box.x} y={box.y + 34} className="fl-size">
          {S.flow.cacheWidth(c.kv_lora_rank, c.qk_rope_head_dim)}
        </text>
      )}
      <g transform={`translate(${gridX} ${box.y - start * rowH}) scale(${sx} ${rowH})`}>
        {records.slice(start, selected + 1).map((r) => {
          const L = r.layers[layer];
          return (
            <CacheRow key={r.index} row={r.index} cKV={L.cKV} dc={dc} kR={L.kR} ropeX={dc + gap} ropeCell={ropeCell} />
          );
        })}
      </g>
      <rect
        className="fl-newest"
        x={gridX - 1}
        y={box.y + (shown - 1) * rowH - 1}
        width={gridW + 2}
        height={rowH * 0.86 + 2}
      />
    </g>
  );
}
