/** Per-expert load f over training steps for one MoE layer: a heatmap (steps → right, experts ↓). */
import { ColorRamp } from '../common/ColorRamp';
import { XGrid } from '../common/ChartParts';
import { ShowData } from '../common/ShowData';
import { formatNumber } from '../common/format';
import { S } from '../../strings';
import type { LabPoint } from '../../train/lab/labRun';
import { heatmapLayout } from './labLayout';
import { ScrollBox } from '../common/ScrollBox';
import { argMax } from '../common/extent';

const H = S.balanceLab.heatmap;

export interface LoadHeatmapProps {
  /** the run's points. */
  points: LabPoint[];
  /** decoder index of each MoE layer (rows of LabPoint.f). */
  layers: number[];
  /** index into `layers` of the layer shown. */
  layerIndex: number;
  onLayer: (index: number) => void;
}

const SIZE = { width: 880, height: 190, margin: { top: 6, right: 8, bottom: 22, left: 64 }, maxColumns: 120 };

export function LoadHeatmap({ points, layers, layerIndex, onLayer }: LoadHeatmapProps) {
  const li = Math.min(layerIndex, Math.max(0, layers.length - 1));
  const steps = points.map((p) => p.step);
  const loads = points.map((p) => p.f[li] ?? []);
  const h = heatmapLayout(steps, loads, { ...SIZE, max: 4 });
  const experts = h.rows.length;
  const last = loads.at(-1) ?? [];
  const busiest = argMax(last);
  const label =
    points.length === 0
      ? H.empty
      : H.label(layers[li], steps[0], steps.at(-1), busiest, formatNumber(last[busiest] ?? NaN));
  const xTicks = h.bins.length
    ? [...new Set([0, Math.floor(h.bins.length / 2), h.bins.length - 1])].map((b) => ({
        value: b === 0 ? h.bins[b].from : h.bins[b].to,
        at: h.margin.left + ((b + 0.5) * (h.width - h.margin.left - h.margin.right)) / h.bins.length,
      }))
    : [];
  return (
    <figure className="bl-heatmap">
      <figcaption>
        <h4>{H.title}</h4>
        <label className="bl-inline">
          {H.layer}{' '}
          <select value={li} onChange={(e) => onLayer(Number(e.target.value))}>
            {layers.map((l, i) => (
              <option key={l} value={i}>
                {l}
              </option>
            ))}
          </select>
        </label>
      </figcaption>
      <ScrollBox label={H.title}>
        <svg
          className="viz-chart"
          viewBox={`0 0 ${h.width} ${h.height}`}
          style={{ maxWidth: h.width }}
          role="img"
          aria-label={label}
        >
          {h.cells.map((c) => (
            <rect
              key={`${c.col}-${c.expert}`}
              x={c.x}
              y={c.y}
              width={c.width + 0.3}
              height={c.height - 1}
              fill={c.fill}
            />
          ))}
          {h.rows.map((y, e) => (
            <text key={e} x={h.margin.left - 4} y={y} dy="0.32em" textAnchor="end" className="viz-muted">
              {H.expert(e)}
            </text>
          ))}
          <XGrid ticks={xTicks} y0={h.height - h.margin.bottom} y1={h.height - h.margin.bottom} format={H.step} />
        </svg>
      </ScrollBox>
      <ColorRamp label={H.ramp} interpolate={(t) => h.color(t * h.max)} ticks={['0', '2', `≥ ${h.max}`]} />
      <ShowData
        what={H.data}
        caption={H.caption(layers[li] ?? '–')}
        columns={[H.steps, ...Array.from({ length: experts }, (_, e) => H.expert(e))]}
        rows={h.bins.map((b, c) => [
          b.from === b.to ? `${b.from}` : `${b.from}–${b.to}`,
          ...h.cells.filter((cell) => cell.col === c).map((cell) => formatNumber(cell.value)),
        ])}
      />
    </figure>
  );
}
