/**
 * The G outputs of one group: each output's tokens coloured by their advantage Â, its reward and
 * Â; choosing an output shows its per-token numbers (TokenTable). Groups of the step being
 * sampled appear as they come.
 */
import type { SampledGroup } from '../../rl/events';
import { ColorRamp } from '../common/ColorRamp';
import { formatNumber, formatSigned } from '../common/format';
import { advantageColor, advantageRamp, maxAbsAdvantage } from './grpoMath';

export interface GroupOutputsProps {
  /** the groups of the step shown (complete or still being sampled). */
  groups: readonly Pick<SampledGroup, 'prompt' | 'outputs' | 'mean' | 'std' | 'skipped'>[];
  /** the group and output selected. */
  group: number;
  output: number;
  /** the step these groups belong to. */
  step: number;
  /** true while the step is still being sampled. */
  sampling: boolean;
  onSelect: (group: number, output?: number) => void;
}

/** A token as shown: eos as ⟨eos⟩, spaces and newlines made visible. */
export const shownPiece = (piece: string) => (piece === '' ? '⟨eos⟩' : piece.replace(/ /g, '␣').replace(/\n/g, '⏎'));

/** The prompt line: its text and what the reward checks. */
export function promptLabel(p: SampledGroup['prompt']): string {
  if (p.answer !== undefined) return `${p.text} (answer ${p.answer})`;
  if (p.word !== undefined) return `${p.text} … (should contain “${p.word}”)`;
  if (p.targetWords !== undefined) return `${p.text} … (about ${p.targetWords} words)`;
  return p.text;
}

export function GroupOutputs({ groups, group, output, step, sampling, onSelect }: GroupOutputsProps) {
  const g = groups[Math.min(group, groups.length - 1)];
  if (!g) return <p className="grpo-empty">No group sampled yet: press “Step once”.</p>;
  const gi = groups.indexOf(g);
  const maxAbs = maxAbsAdvantage(g.outputs.map((o) => o.advantages));
  return (
    <div className="grpo-outputs">
      {groups.length > 1 && (
        <div className="grpo-group-tabs" role="group" aria-label="Groups of this step">
          {groups.map((x, i) => (
            <button key={i} type="button" className="viz-button" aria-pressed={i === gi} onClick={() => onSelect(i)}>
              Group {i + 1}
              {x.skipped ? ' (skipped)' : ''}
            </button>
          ))}
        </div>
      )}
      <p className="grpo-prompt">
        Step {step}
        {sampling ? ' (sampling…)' : ''} · group {gi + 1} of {groups.length} · prompt{' '}
        <code>{promptLabel(g.prompt)}</code> · mean reward {formatNumber(g.mean, 3)}, std {formatNumber(g.std, 3)}
        {g.skipped && <strong> · all rewards equal: no signal, left out of the loss</strong>}
      </p>
      <ColorRamp
        label="token colour: advantage Â"
        interpolate={advantageRamp}
        ticks={[formatSigned(-maxAbs), '0', formatSigned(maxAbs)]}
      />
      <ol className="grpo-output-list" aria-label={`The ${g.outputs.length} outputs of group ${gi + 1}`}>
        {g.outputs.map((o, i) => (
          <li key={i}>
            <button type="button" className="grpo-output" aria-pressed={i === output} onClick={() => onSelect(gi, i)}>
              <span className="grpo-output-n">
                <span className="sr-only">Output </span>
                {i + 1}
              </span>
              <span className="grpo-tokens">
                <span className="sr-only">“{o.text}”, tokens: </span>
                {o.pieces.map((p, t) => (
                  <span
                    key={t}
                    className="grpo-token"
                    style={{ background: advantageColor(o.advantages[t] ?? 0, maxAbs) }}
                  >
                    {shownPiece(p)}
                  </span>
                ))}
              </span>
              <span className="grpo-reward">r = {formatNumber(o.reward, 2)}</span>
              <span className="grpo-adv">Â = {formatSigned(o.advantage)}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
