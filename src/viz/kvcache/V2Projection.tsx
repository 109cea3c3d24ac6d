/** Projection: the KV cache of DeepSeek-V2's own config in bf16, with a context-length slider up to 128K. */
import { useId, useState } from 'react';
import type { DeepseekV2Config } from '../../model/config';
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
    `Projection bar chart for ${name} at ${formatTokens(tokens)} tokens in bf16: ` +
    rows.map((r) => `${r.label} ${formatBytes(r.totalBytes)}`).join(', ') +
    '.';
  return (
    <figure className="kv-figure kv-projection">
      <h3>
        Projection: {name} at <span data-testid="projection-context">{formatTokens(tokens)}</span> tokens (bf16)
      </h3>
      <p className="kv-sub">
        Computed, not measured: {name}’s published config ({layers} layers, {config.num_attention_heads} heads,{' '}
        <Sym>{`d_h = ${config.qk_nope_head_dim}`}</Sym>, <Sym>{`d_c = ${config.kv_lora_rank}`}</Sym>,{' '}
        <Sym>{`d_h^R = ${config.qk_rope_head_dim}`}</Sym>) at 2 bytes per element. Bars are scaled to MHA at this
        context length.
      </p>
      <div className="kv-control">
        <label htmlFor={sliderId}>Context length</label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={STEPS.length - 1}
          step={1}
          value={step}
          aria-valuetext={`${formatTokens(tokens)} tokens`}
          onChange={(e) => setStep(Number(e.target.value))}
        />
        <output htmlFor={sliderId} className="kv-slider-value">
          {tokens.toLocaleString('en-US')} tokens
        </output>
      </div>
      <p className="kv-projection-sum" data-testid="projection-sum">
        MLA {formatBytes(mla.totalBytes)} vs MHA {formatBytes(mha.totalBytes)} (
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
          title={`All ${layers} layers, ${formatTokens(tokens)} tokens`}
          rows={rows}
          value="totalBytes"
          max={mha.totalBytes}
          y={0}
          geometry={GEOMETRY}
        />
      </svg>
      <ShowData
        what="projection"
        caption={`Projected KV cache of ${name}, ${tokens.toLocaleString('en-US')} tokens, bf16`}
        columns={['mechanism', 'values / token / layer', 'per layer', `all ${layers} layers`, 'bytes, all layers']}
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
