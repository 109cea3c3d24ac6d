/**
 * GRPO beside PPO for the loaded model: the value model PPO would need (its parameters and the
 * memory to train it, computed from the config) and how each gets its baseline.
 */
import type { DeepseekV2Config } from '../../model/config';
import { DEEPSEEK_V2 } from '../../model/presets';
import { S } from '../../strings';
import { formatBytes } from '../common/format';
import { rlMemory, TRAIN_BYTES_PER_PARAM } from './grpoMath';

export interface PpoPanelProps {
  /** the loaded model's config. */
  config: DeepseekV2Config;
}

const P = S.grpo.ppo;

const count = (n: number) => n.toLocaleString('en-US');
const billions = (n: number) => `${(n / 1e9).toFixed(1)} B`;

export function PpoPanel({ config }: PpoPanelProps) {
  const m = rlMemory(config);
  const v2 = rlMemory(DEEPSEEK_V2);
  return (
    <div className="grpo-ppo">
      <table className="viz-data-table grpo-ppo-table">
        <caption>{P.caption(TRAIN_BYTES_PER_PARAM)}</caption>
        <thead>
          <tr>
            <th scope="col">{P.columns.model}</th>
            <th scope="col">{P.columns.parameters}</th>
            <th scope="col">{P.columns.memory}</th>
            <th scope="col">{P.columns.grpo}</th>
            <th scope="col">{P.columns.ppo}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{P.policy}</th>
            <td>{count(m.policyParams)}</td>
            <td>{formatBytes(m.policyBytes)}</td>
            <td>{P.yes}</td>
            <td>{P.yes}</td>
          </tr>
          <tr>
            <th scope="row">{P.reference}</th>
            <td>{count(m.policyParams)}</td>
            <td>{formatBytes(m.referenceBytes)}</td>
            <td>{P.yes}</td>
            <td>{P.yes}</td>
          </tr>
          <tr>
            <th scope="row">{P.value}</th>
            <td data-testid="value-params">{count(m.valueParams)}</td>
            <td>{formatBytes(m.valueBytes)}</td>
            <td>{P.no}</td>
            <td>{P.yes}</td>
          </tr>
          <tr>
            <th scope="row">{P.total}</th>
            <td></td>
            <td></td>
            <td data-testid="grpo-bytes">{formatBytes(m.grpoBytes)}</td>
            <td data-testid="ppo-bytes">{formatBytes(m.ppoBytes)}</td>
          </tr>
        </tbody>
      </table>
      <p className="viz-explain">
        {P.a} <strong>{P.valueModel}</strong>
        {P.b(
          count(config.vocab_size),
          count(m.valueParams),
          ((m.ppoBytes / m.grpoBytes - 1) * 100).toFixed(0),
          billions(v2.valueParams),
          formatBytes(v2.valueBytes),
        )}{' '}
        <strong>{P.gae}</strong>
        {P.c} <strong>{P.baseline}</strong>
        {P.d}
      </p>
    </div>
  );
}
