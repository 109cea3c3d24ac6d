/** Projection: the KV cache of DeepSeek-V2's own config in bf16, with a context-length slider up to 128K. */
import { useId, useState } from 'react';
import type { DeepseekV2Config } from '../../model/config';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { Sym } from '../common/Sym';
import { formatBytes, formatPercent } from '../common/format';
import { CacheBars, facetHeight, type BarGeometry } from './CacheBars';
import { contextSteps, formatTokens, nearestStep, projectionTable } from './kvMath';

export interface V2ProjectionProps {
  /** the config projected (DeepSeek-V2's published config). */
  config: DeepseekV2Config;
  /** its name in the title. */
  name: string;
  /** context length the slider starts at (snapped to the nearest step). */
  initialContext: number;
}

const P = S.kvcache.projection;

const WIDTH = 720;
const GEOMETRY: BarGeometry = { labelWidth: 150, barWidth: 470, rowHeight: 26, titleHeight: 24 };
const STEPS = contextSteps();

export function V2Projection({ config, name, initialContext }: V2ProjectionProps) {
  const [step, setStep] = useState(() => nearestStep(STEPS, initialContext));
  const sliderId = useId();
  const tokens = STEPS[step];
  const rows = projectionTable(config, tokens);
  const mha = rows.find((r) => r.mechanism === 'mha')!;
  const mla = rows.find((r) => r.mechanism === 'mla')!;
  const layers = config.num_hidden_layers;
  const label =
    P.label(name, formatTokens(tokens)) + rows.map((r) => `${r.label} ${formatBytes(r.totalBytes)}`).join(', ') + '.';
  return (
    <figure className="kv-figure kv-projection">
      <h3>
        {P.title(name)} <span data-testid="projection-context">{formatTokens(tokens)}</span> {P.titleTail}
      </h3>
      <p className="kv-sub">
        {P.subA(name, layers, config.num_attention_heads)} <Sym>{`d_h = ${config.qk_nope_head_dim}`}</Sym>,{' '}
        <Sym>{`d_c = ${config.kv_lora_rank}`}</Sym>, <Sym>{`d_h^R = ${config.qk_rope_head_dim}`}</Sym>
        {P.subB}
      </p>
      <div className="kv-control">
        <label htmlFor={sliderId}>{P.context}</label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={STEPS.length - 1}
          step={1}
          value={step}
          aria-valuetext={P.tokens(formatTokens(tokens))}
          onChange={(e) => setStep(Number(e.target.value))}
        />
        <output htmlFor={sliderId} className="kv-slider-value">
          {P.tokens(tokens.toLocaleString('en-US'))}
        </output>
      </div>
      <p className="kv-projection-sum" data-testid="projection-sum">
        {P.sum(formatBytes(mla.totalBytes), formatBytes(mha.totalBytes))}
        {formatPercent(mla.totalBytes / mha.totalBytes)})
      </p>
      <svg
        className="viz-svg kv-meter"
        viewBox={`0 0 ${WIDTH} ${facetHeight(GEOMETRY, rows.length)}`}
        role="img"
        aria-label={label}
        data-testid="kv-projection"
      >
        <CacheBars
          title={P.bars(layers, formatTokens(tokens))}
          rows={rows}
          value="totalBytes"
          max={mha.totalBytes}
          y={0}
          geometry={GEOMETRY}
        />
      </svg>
      <ShowData
        what={P.data}
        caption={P.caption(name, tokens.toLocaleString('en-US'))}
        columns={P.columns(layers)}
        rows={rows.map((r) => [
          r.label,
          r.elementsPerTokenPerLayer.toLocaleString('en-US'),
          formatBytes(r.perLayerBytes),
          formatBytes(r.totalBytes),
          r.totalBytes.toLocaleString('en-US'),
        ])}
      />
    </figure>
  );
}
