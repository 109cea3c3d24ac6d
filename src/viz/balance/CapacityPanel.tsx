/**
 * Token dropping (docs/model.md#token-dropping) replayed on the tokens so far: a capacity-factor slider, the
 * assignments per device against the capacity, and the token–expert pairs that would go.
 */
import { useId } from 'react';
import { ChartSvg, HatchPattern, RefLine, YGrid } from '../common/ChartParts';
import { Rect } from '../common/Rect';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { formatNumber, formatPercent } from '../common/format';
import { categoryStyle } from '../common/palette';
import type { TokenRecord } from '../../session/records';
import { capacityChart } from './balanceCharts';
import { CAPACITY_FACTOR_RANGE as FACTOR_RANGE, type CapacityDrops } from './balanceMath';
import { describeCapacity, dropSummary } from './balanceText';

export interface CapacityPanelProps {
  /** what capacityDrops returned for the current factor. */
  drops: CapacityDrops;
  /** the tokens in the window (0..selected). */
  tokens: TokenRecord[];
  /** K, experts per token. */
  k: number;
  /** called with the new factor when the slider moves. */
  onFactor: (factor: number) => void;
}

const C = S.balance.capacity;

export function CapacityPanel({ drops, tokens, k, onFactor }: CapacityPanelProps) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const hatchId = `${id}-hatch`;
  const chart = capacityChart(drops);
  const { axis } = chart;
  const { width, height, margin } = axis;
  const base = height - margin.bottom;
  const perToken = new Map<number, number>();
  for (const p of drops.pairs) perToken.set(p.position, (perToken.get(p.position) ?? 0) + 1);
  return (
    <div className="lb-capacity">
      <h3>{C.title}</h3>
      <div className="lb-slider">
        <label htmlFor={`${id}-factor`}>{C.factor}</label>
        <input
          id={`${id}-factor`}
          type="range"
          min={FACTOR_RANGE.min}
          max={FACTOR_RANGE.max}
          step={FACTOR_RANGE.step}
          value={drops.capacityFactor}
          aria-valuetext={C.valueText(formatNumber(drops.capacityFactor), drops.capacity)}
          onChange={(e) => onFactor(Number(e.currentTarget.value))}
        />
        <output htmlFor={`${id}-factor`} data-testid="capacity-factor">
          {C.output(formatNumber(drops.capacityFactor), drops.capacity)}
        </output>
      </div>
      <p className="lb-drop-summary" aria-live="polite" data-testid="drop-summary">
        {dropSummary(drops, k, tokens.length)}
      </p>
      <div className="lb-capacity-body">
        <figure className="viz-figure">
          <figcaption>{C.caption}</figcaption>
          <ChartSvg width={width} height={height} label={describeCapacity(drops)}>
            <defs>
              <HatchPattern id={hatchId} />
            </defs>
            <YGrid ticks={axis.ticks} x0={margin.left} x1={width - margin.right} format={(v) => String(v)} />
            {axis.bars.map((b, i) => (
              <g key={i} style={categoryStyle(i)}>
                <Rect className="viz-cat" x={b.x} y={b.y} width={b.width} height={b.height} />
                {chart.dropped[i] && (
                  <Rect
                    x={b.x}
                    y={chart.dropped[i]!.y}
                    width={b.width}
                    height={chart.dropped[i]!.height}
                    fill={`url(#${hatchId})`}
                  />
                )}
                <text x={b.x + b.width / 2} y={base + 14} textAnchor="middle" aria-hidden="true">
                  {S.balance.deviceName(i)}
                </text>
              </g>
            ))}
            <RefLine
              x1={margin.left}
              x2={width - margin.right}
              y1={chart.capacityY}
              y2={chart.capacityY}
              label={C.ref(drops.capacity)}
              labelAt="right"
            />
          </ChartSvg>
          <ShowData
            what={C.data}
            caption={C.dataCaption}
            columns={C.columns}
            rows={drops.load.map((n, i) => [S.balance.deviceName(i), n, drops.capacity, drops.perDevice[i]])}
            highlight={drops.perDevice.flatMap((n, i) => (n > 0 ? [i] : []))}
            highlightLabel={C.over}
          />
        </figure>
        <div className="lb-dropped-list">
          <h4>{C.lose}</h4>
          <ol className="lb-tokens" aria-label={C.tokens}>
            {tokens.map((t) => {
              const n = perToken.get(t.index) ?? 0;
              return (
                <li key={t.index} className={n ? 'lb-token lb-token-drop' : 'lb-token'}>
                  {t.text}
                  {n > 0 && (
                    <span className="lb-token-count">
                      −{n}
                      <span className="lb-vh">{C.dropped}</span>
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
          {drops.count > 0 && (
            <ol
              className="lb-pairs"
              aria-label={C.pairs}
              tabIndex={0} // it scrolls: focusable so the keyboard can scroll it (WCAG 2.1.1)
            >
              {drops.pairs.map((p) => (
                <li key={`${p.position}-${p.expert}`} style={categoryStyle(p.device)}>
                  <span className="lb-swatch" aria-hidden="true" />
                  {C.pair(p.position, p.text, p.expert)}{' '}
                  <span className="lb-muted">{C.pairTail(p.device, formatPercent(p.affinity))}</span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </div>
  );
}
