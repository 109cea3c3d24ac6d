/**
 * GRPO beside PPO for the loaded model: the value model PPO would need (its parameters and the
 * memory to train it, computed from the config) and how each gets its baseline.
 */
import type { DeepseekV2Config } from '../../model/config';
import { DEEPSEEK_V2 } from '../../model/presets';
import { formatBytes } from '../common/format';
import { rlMemory, TRAIN_BYTES_PER_PARAM } from './grpoMath';

export interface PpoPanelProps {
  /** the loaded model's config. */
  config: DeepseekV2Config;
}

const count = (n: number) => n.toLocaleString('en-US');
const billions = (n: number) => `${(n / 1e9).toFixed(1)} B`;

export function PpoPanel({ config }: PpoPanelProps) {
  const m = rlMemory(config);
  const v2 = rlMemory(DEEPSEEK_V2);
  return (
    <div className="grpo-ppo">
      <table className="viz-data-table grpo-ppo-table">
        <caption>
          Memory to run RL on this model, computed from its config (fp32; a trained model needs {TRAIN_BYTES_PER_PARAM}{' '}
          bytes per parameter: weights, gradients and AdamW's two moments; a frozen one 4)
        </caption>
        <thead>
          <tr>
            <th scope="col">model</th>
            <th scope="col">parameters</th>
            <th scope="col">memory</th>
            <th scope="col">GRPO</th>
            <th scope="col">PPO</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">policy π_θ (trained)</th>
            <td>{count(m.policyParams)}</td>
            <td>{formatBytes(m.policyBytes)}</td>
            <td>yes</td>
            <td>yes</td>
          </tr>
          <tr>
            <th scope="row">reference π_ref (frozen)</th>
            <td>{count(m.policyParams)}</td>
            <td>{formatBytes(m.referenceBytes)}</td>
            <td>yes</td>
            <td>yes</td>
          </tr>
          <tr>
            <th scope="row">value model V_ψ (trained)</th>
            <td data-testid="value-params">{count(m.valueParams)}</td>
            <td>{formatBytes(m.valueBytes)}</td>
            <td>no</td>
            <td>yes</td>
          </tr>
          <tr>
            <th scope="row">total</th>
            <td></td>
            <td></td>
            <td data-testid="grpo-bytes">{formatBytes(m.grpoBytes)}</td>
            <td data-testid="ppo-bytes">{formatBytes(m.ppoBytes)}</td>
          </tr>
        </tbody>
      </table>
      <p className="viz-explain">
        PPO needs a <strong>value model</strong> V_ψ: here the same network with its {count(config.vocab_size)}-way
        output head replaced by a single number, {count(m.valueParams)} parameters that must be trained beside the
        policy, {((m.ppoBytes / m.grpoBytes - 1) * 100).toFixed(0)}% more memory than GRPO. At DeepSeek-V2's size
        (computed the same way from its config) the value model alone would be {billions(v2.valueParams)} parameters and{' '}
        {formatBytes(v2.valueBytes)} to train. PPO turns per-token rewards into advantages with <strong>GAE</strong>,
        Â_t = Σ_l (γλ)^l δ_(t+l) with δ_t = r_t + γV(s_(t+1)) − V(s_t), so every token's baseline is the value model's
        guess, which is hard to learn when only the last token is rewarded. GRPO drops V_ψ: it samples G answers to the
        same prompt and uses their <strong>mean reward as the baseline</strong>, scaled by their standard deviation,
        giving every token of an answer the same advantage.
      </p>
    </div>
  );
}
