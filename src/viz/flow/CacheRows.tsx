/**
 * The latent KV cache of one layer as the selected token sees it: one row per token so far, each
 * row that token's cached [c_KV | k^R] on one colour scale, the newest row (this token's)
 * outlined. The cells are two CellGrid pictures (c_KV, k^R). At most MAX_ROWS recent rows are
 * drawn; the label counts them all.
 */
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { STRIP_MAX } from './flowData';
import type { Box } from './flowLayout';
import { LABEL_W } from './FlowMarks';
import { maxOf } from '../common/extent';
import { CellGrid } from '../common/CellGrid';

/** Rows drawn at most (the most recent ones). */
export const MAX_ROWS = 24;

const maxAbs = (v: number[]): number => maxOf(v.map(Math.abs));

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
  const rows = records.slice(start, selected + 1).map((r) => r.layers[layer]);
  // each row on its own scale: its largest |value| over [c_KV | k^R]
  const rowMax = rows.map((L) => Math.max(maxAbs(L.cKV.slice(0, dc)), maxAbs(L.kR)));
  const latent = rows.flatMap((L) => L.cKV.slice(0, dc));
  const rope = rows.flatMap((L) => L.kR);
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
      <CellGrid
        x={gridX}
        y={box.y}
        width={dc * sx}
        height={shown * rowH}
        cols={dc}
        values={latent}
        max={rowMax}
        rowGap
      />
      <CellGrid
        x={gridX + (dc + gap) * sx}
        y={box.y}
        width={ropeCell * c.qk_rope_head_dim * sx}
        height={shown * rowH}
        cols={c.qk_rope_head_dim}
        values={rope}
        max={rowMax}
        rowGap
      />
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
