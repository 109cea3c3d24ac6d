/** The group's advantages as bars from zero, with their sum written out: the group is its own baseline. */
import { ChartSvg, YGrid } from '../common/ChartParts';
import { Rect } from '../common/Rect';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { formatNumber, formatSigned } from '../common/format';
import { advantageBars } from './grpoCharts';
import { sum } from './grpoMath';

export interface AdvantageChartProps {
  /** Â_i of each output of the group. */
  advantages: readonly number[];
  /** the outputs' rewards, for the table. */
  rewards: readonly number[];
}

const A = S.grpo.advantages;

export function AdvantageChart({ advantages, rewards }: AdvantageChartProps) {
  const chart = advantageBars(advantages);
  const total = sum(advantages);
  const label = A.label(
    advantages.length,
    advantages.map((a, i) => `${i + 1}: ${formatSigned(a)}`).join(', '),
    formatNumber(total, 3),
  );
  return (
    <figure className="viz-figure grpo-adv-chart">
      <figcaption>
        {A.captionA}
        <sub>i</sub> = (r<sub>i</sub>
        {A.captionB} <strong data-testid="advantage-sum">{formatNumber(total, 3)}</strong>
        {A.captionC}
      </figcaption>
      <ChartSvg width={chart.width} height={chart.height} label={label}>
        <YGrid ticks={chart.ticks} x0={chart.x0} x1={chart.x1} format={(v) => formatNumber(v, 1)} />
        <line className="grpo-zero" x1={chart.x0} x2={chart.x1} y1={chart.zeroY} y2={chart.zeroY} />
        {chart.bars.map((b) => (
          <g key={b.index}>
            <Rect
              className={b.value >= 0 ? 'grpo-bar-pos' : 'grpo-bar-neg'}
              x={b.x}
              y={b.y}
              width={b.width}
              height={b.height}
            />
            <text x={b.x + b.width / 2} y={chart.height - 12} textAnchor="middle" aria-hidden="true">
              {b.index + 1}
            </text>
          </g>
        ))}
      </ChartSvg>
      <ShowData
        what={A.data}
        caption={A.dataCaption}
        columns={A.columns}
        rows={advantages.map((a, i) => [i + 1, formatNumber(rewards[i], 2), formatSigned(a, 3)])}
      />
    </figure>
  );
}
