/** The group's advantages as bars from zero, with their sum written out: the group is its own baseline. */
import { ChartSvg, YGrid } from '../common/ChartParts';
import { Rect } from '../common/Rect';
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

export function AdvantageChart({ advantages, rewards }: AdvantageChartProps) {
  const chart = advantageBars(advantages);
  const total = sum(advantages);
  const label =
    `Bar chart of the advantages of the ${advantages.length} outputs: ` +
    advantages.map((a, i) => `${i + 1}: ${formatSigned(a)}`).join(', ') +
    `; they sum to ${formatNumber(total, 3)}.`;
  return (
    <figure className="viz-figure grpo-adv-chart">
      <figcaption>
        Advantages Â<sub>i</sub> = (r<sub>i</sub> − mean) / (std + ε): sum{' '}
        <strong data-testid="advantage-sum">{formatNumber(total, 3)}</strong> (≈ 0 by construction)
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
        what="Advantages"
        caption="Each output's reward and advantage"
        columns={['output', 'reward', 'advantage Â']}
        rows={advantages.map((a, i) => [i + 1, formatNumber(rewards[i], 2), formatSigned(a, 3)])}
      />
    </figure>
  );
}
