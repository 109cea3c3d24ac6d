/** Per MoE layer, each routed expert's load on the probe lines before RL and now (multiples of the fair share K/Nr). */
import type { ExpertLoad } from '../../train/evaluate';
import { groupedBars, type Margin } from '../common/bars';
import { ChartSvg, RefLine, YGrid } from '../common/ChartParts';
import { Rect } from '../common/Rect';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { formatNumber } from '../common/format';

export interface ExpertLoadPanelProps {
  /** the starting policy's load, per MoE layer. */
  before: readonly ExpertLoad[];
  /** the latest measurement's load. */
  after: readonly ExpertLoad[];
  /** the step of the latest measurement. */
  afterStep: number;
}

const L = S.grpo.load;

const SIZE = { width: 420, height: 150, margin: { top: 10, right: 70, bottom: 22, left: 34 } as Margin };

function LayerChart({ before, after, afterStep }: { before: ExpertLoad; after: ExpertLoad; afterStep: number }) {
  const values = before.ratio.map((b, e) => [b, after.ratio[e]]);
  const axis = groupedBars(values, { ...SIZE, minYMax: 2 });
  const label = L.label(
    before.layer,
    afterStep,
    formatNumber(before.min),
    formatNumber(before.max),
    formatNumber(after.min),
    formatNumber(after.max),
  );
  return (
    <figure className="viz-figure">
      <figcaption>{L.layer(before.layer)}</figcaption>
      <ChartSvg width={SIZE.width} height={SIZE.height} label={label}>
        <YGrid
          ticks={axis.ticks}
          x0={SIZE.margin.left}
          x1={SIZE.width - SIZE.margin.right}
          format={(v) => formatNumber(v, 1)}
        />
        {axis.bars.map((b) => (
          <Rect
            key={`${b.index}-${b.series}`}
            className={b.series === 0 ? 'grpo-load-before' : 'grpo-load-after'}
            x={b.x}
            y={b.y}
            width={b.width}
            height={b.height}
          />
        ))}
        {axis.groups.map((g) =>
          g.index % 2 === 0 ? (
            <text key={g.index} x={g.x + g.width / 2} y={SIZE.height - 6} textAnchor="middle" aria-hidden="true">
              {g.index}
            </text>
          ) : null,
        )}
        <RefLine
          x1={SIZE.margin.left}
          x2={SIZE.width - SIZE.margin.right}
          y1={axis.y(1)}
          y2={axis.y(1)}
          label={L.fair}
          labelAt="right"
        />
      </ChartSvg>
    </figure>
  );
}

export function ExpertLoadPanel({ before, after, afterStep }: ExpertLoadPanelProps) {
  if (before.length === 0) return <p className="grpo-empty">{L.none}</p>;
  return (
    <div className="grpo-load">
      <p className="viz-legend">
        <span>
          <span className="viz-swatch grpo-load-before" aria-hidden="true" />
          {L.before}
        </span>
        <span>
          <span className="viz-swatch grpo-load-after" aria-hidden="true" />
          {L.now(afterStep)}
        </span>
      </p>
      <div className="viz-figures">
        {before.map((b, i) =>
          after[i] ? <LayerChart key={b.layer} before={b} after={after[i]} afterStep={afterStep} /> : null,
        )}
      </div>
      <ShowData
        what={L.data}
        caption={L.dataCaption}
        columns={L.columns}
        rows={before.flatMap((b, i) =>
          b.ratio.map((r, e) => {
            const a = after[i]?.ratio[e] ?? NaN;
            return [`${b.layer} · ${e}`, formatNumber(r, 3), formatNumber(a, 3), formatNumber(a - r, 3)];
          }),
        )}
      />
    </div>
  );
}
