/**
 * Per token of the chosen output: Â, log π_θold, the ratio ρ = π_θ/π_θold in the (last) update,
 * whether the clip engaged, the k3 KL to π_ref, and ρ after the step. An HTML table: it is its
 * own text alternative.
 */
import type { OutputRecord } from '../../rl/events';
import { S } from '../../strings';
import { formatNumber, formatSigned } from '../common/format';
import { shownPiece } from './GroupOutputs';

export interface TokenTableProps {
  /** the output, with the step's per-token numbers. */
  output: OutputRecord;
  /** which output of the group it is (1-based, for the caption). */
  n: number;
  /** ε, to say what "clipped" means. */
  epsilon: number;
}

export function TokenTable({ output, n, epsilon }: TokenTableProps) {
  return (
    <div className="viz-data-scroll grpo-token-table" tabIndex={0} role="region" aria-label={S.grpo.tokens.region(n)}>
      <table className="viz-data-table">
        <caption>{S.grpo.tokens.caption(n, formatNumber(1 - epsilon), formatNumber(1 + epsilon))}</caption>
        <thead>
          <tr>
            {S.grpo.tokens.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {output.pieces.map((p, t) => (
            <tr key={t} className={output.clipped[t] ? 'viz-data-marked' : undefined}>
              <th scope="row">{shownPiece(p)}</th>
              <td>{formatSigned(output.advantages[t])}</td>
              <td>{formatNumber(output.logpOld[t], 3)}</td>
              <td>{formatNumber(output.ratio[t], 4)}</td>
              <td>{output.clipped[t] ? S.grpo.tokens.yes : S.grpo.tokens.no}</td>
              <td>{formatNumber(output.kl[t], 5)}</td>
              <td>{formatNumber(output.ratioAfter[t], 4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
