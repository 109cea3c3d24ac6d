/** Curves over steps: mean reward, held-out greedy accuracy, KL to the reference and the loss; dashed lines mark reference resets. */
import { tickStep, type Tick } from '../common/bars';
import { ChartSvg, XGrid, YGrid } from '../common/ChartParts';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { formatNumber, formatPercent } from '../common/format';
import type { GrpoEval } from '../../worker/grpo/protocol';
import type { GrpoPoint } from '../../state/grpoSlice';
import { curve, type CurvePoint } from './grpoCharts';

export interface GrpoCurvesProps {
  history: readonly GrpoPoint[];
  evals: readonly GrpoEval[];
  /** steps after which π_ref was reset. */
  resets: readonly number[];
}

interface OneCurveProps {
  title: string;
  points: CurvePoint[];
  format: (v: number) => string;
  yDomain?: [number, number];
  maxStep: number;
  resets: readonly number[];
}

/** Three significant digits, with a real minus sign: KL and loss are often tiny. */
const K = S.grpo.curves;

export const sig3 = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString().replace('-', '−') : '–');

/** Tick labels with just enough decimals for the tick spacing. */
function tickFormat(ticks: { value: number }[], fallback: (v: number) => string) {
  const step = tickStep(ticks as Tick[]);
  if (!(step > 0) || step >= 0.01) return fallback;
  return (v: number) => formatNumber(v, Math.min(8, Math.ceil(-Math.log10(step))));
}

function OneCurve({ title, points, format, yDomain, maxStep, resets }: OneCurveProps) {
  const c = curve(points, { yDomain, maxStep, marks: resets });
  const tickLabel = tickFormat(c.yTicks, format);
  const last = points.filter((p) => Number.isFinite(p.value)).at(-1);
  const label = last ? K.label(title, points.length, last.step, format(last.value)) : K.empty(title);
  return (
    <figure className="viz-figure grpo-curve">
      <figcaption>
        {title}
        {last ? `: ${format(last.value)}` : ''}
      </figcaption>
      <ChartSvg width={c.width} height={c.height} label={label}>
        <YGrid ticks={c.yTicks} x0={c.x0} x1={c.x1} format={tickLabel} />
        <XGrid ticks={c.xTicks} y0={c.y0} y1={c.y1} format={(v) => String(v)} />
        {c.marks.map((x, i) => (
          <line key={i} className="grpo-reset" x1={x} x2={x} y1={c.y0} y2={c.y1} />
        ))}
        <path className="grpo-line" d={c.path} />
        {c.dots.map((d) => (
          <circle key={d.step} className="grpo-dot" cx={d.x} cy={d.y} r={2.5} />
        ))}
      </ChartSvg>
    </figure>
  );
}

export function GrpoCurves({ history, evals, resets }: GrpoCurvesProps) {
  const maxStep = Math.max(1, ...history.map((h) => h.step), ...evals.map((e) => e.step));
  const of = (k: 'meanReward' | 'kl' | 'loss') => history.map((h) => ({ step: h.step, value: h[k] }));
  const accuracy = evals.map((e) => ({ step: e.step, value: e.heldOut.accuracy }));
  const n = evals[0]?.heldOut.n ?? 0;
  const byStep = new Map(evals.map((e) => [e.step, e]));
  const steps = [...new Set([...history.map((h) => h.step), ...evals.map((e) => e.step)])].sort((a, b) => a - b);
  return (
    <div className="grpo-curves">
      <div className="viz-figures">
        <OneCurve
          title={K.reward}
          points={of('meanReward')}
          format={(v) => formatNumber(v, 2)}
          maxStep={maxStep}
          resets={resets}
        />
        <OneCurve
          title={K.accuracy(n)}
          points={accuracy}
          format={formatPercent}
          yDomain={[0, 1]}
          maxStep={maxStep}
          resets={resets}
        />
        <OneCurve title={K.kl} points={of('kl')} format={sig3} maxStep={maxStep} resets={resets} />
        <OneCurve title={K.loss} points={of('loss')} format={sig3} maxStep={maxStep} resets={resets} />
      </div>
      <ShowData
        what={K.data}
        caption={K.dataCaption}
        columns={K.columns}
        rows={steps.map((s) => {
          const h = history.find((x) => x.step === s);
          const e = byStep.get(s);
          return [
            s,
            h ? formatNumber(h.meanReward, 3) : '–',
            h ? sig3(h.kl) : '–',
            h ? sig3(h.loss) : '–',
            h ? h.skipped : '–',
            e ? `${formatPercent(e.heldOut.accuracy)} (${e.heldOut.correct}/${e.heldOut.n})` : '–',
          ];
        })}
      />
    </div>
  );
}
