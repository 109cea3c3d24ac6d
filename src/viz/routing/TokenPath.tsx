/**
 * One token's path through every layer: the dense MLP, or in each MoE layer the devices it was
 * allowed, the experts it chose with their gate weights, and the shared experts it always uses.
 */
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { expertGroup, tokenPath, type PathStep } from './routingLayout';

export interface TokenPathProps {
  /** the model's config (expert counts and groups). */
  config: DeepseekV2Config;
  /** the token whose path is shown. */
  record: TokenRecord;
  /** the layer the grid shows (marked in the path). */
  layer: number;
}

const CELL = 11;
const GAP = 5;
const LABEL = 58;
const ROW = 17;

const P = S.routing.path;

function stepText(s: PathStep, ns: number): string {
  if (s.kind === 'dense') return P.dense;
  const ex = s.experts.map((e) => `${e.expert} (${e.gate.toFixed(3)})`).join(', ');
  return P.moe(s.selectedGroups.join(', '), ex, ns);
}

export function TokenPath({ config, record, layer }: TokenPathProps) {
  const steps = tokenPath(config, record);
  const nr = config.n_routed_experts ?? 0;
  const per = nr / Math.max(1, config.n_group);
  const xOf = (e: number) => LABEL + e * CELL + Math.floor(e / per) * GAP;
  const sharedX = xOf(nr) + GAP;
  const width = sharedX + config.n_shared_experts * CELL + 2;
  const height = steps.length * ROW;
  const summary = P.summary(
    record.text,
    record.index,
    steps.map((s) => P.layerStep(s.layer, stepText(s, config.n_shared_experts))).join('; '),
  );
  return (
    <div className="rt-path" aria-live="polite">
      <h3>
        {P.title} <span className="rt-path-token">“{record.text}”</span>
        {P.titleTail(record.index, steps.length)}
      </h3>
      <svg role="img" aria-label={summary} width={width} height={height}>
        {steps.map((s, i) => {
          const y = i * ROW + 2;
          return (
            <g key={s.layer}>
              <text
                x={0}
                y={y + CELL - 1}
                className={s.layer === layer ? 'rt-path-label rt-path-current' : 'rt-path-label'}
              >
                {P.layer(s.layer)}
              </text>
              {s.kind === 'dense' ? (
                <g>
                  <rect x={LABEL} y={y} width={sharedX - LABEL - GAP} height={CELL} className="rt-path-dense" />
                  <text x={LABEL + 6} y={y + CELL - 2} className="rt-path-dense-text">
                    {P.denseBox}
                  </text>
                </g>
              ) : (
                Array.from({ length: nr }, (_, e) => {
                  const chosen = s.experts.some((x) => x.expert === e);
                  const allowed = s.selectedGroups.includes(expertGroup(config, e));
                  return (
                    <rect
                      key={e}
                      x={xOf(e)}
                      y={y}
                      width={CELL - 1}
                      height={CELL}
                      className={chosen ? 'rt-path-chosen' : allowed ? 'rt-path-cell' : 'rt-path-masked'}
                    />
                  );
                })
              )}
              {s.kind === 'moe' &&
                Array.from({ length: config.n_shared_experts }, (_, k) => (
                  <rect
                    key={`s${k}`}
                    x={sharedX + k * CELL}
                    y={y}
                    width={CELL - 1}
                    height={CELL}
                    className="rt-path-shared"
                  />
                ))}
            </g>
          );
        })}
      </svg>
      <p className="viz-legend" aria-hidden="true">
        <span>
          <span className="viz-swatch rt-path-chosen-swatch" />
          {P.chosen}
        </span>
        <span>
          <span className="viz-swatch rt-path-cell-swatch" />
          {P.allowed}
        </span>
        <span>
          <span className="viz-swatch rt-path-masked-swatch" />
          {P.masked}
        </span>
        <span>
          <span className="viz-swatch rt-path-shared-swatch" />
          {P.shared}
        </span>
      </p>
      <ol className="rt-path-list" aria-label={P.list}>
        {steps.map((s) => (
          <li key={s.layer} aria-current={s.layer === layer ? 'true' : undefined}>
            <strong>{P.item(s.layer)}</strong>: {stepText(s, config.n_shared_experts)}
          </li>
        ))}
      </ol>
    </div>
  );
}
