/**
 * The G outputs of one group: each output's tokens coloured by their advantage Â, its reward and
 * Â; choosing an output shows its per-token numbers (TokenTable). Groups of the step being
 * sampled appear as they come.
 */
import type { SampledGroup } from '../../rl/events';
import { S } from '../../strings';
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
const O = S.grpo.outputs;

export const shownPiece = (piece: string) => (piece === '' ? '⟨eos⟩' : piece.replace(/ /g, '␣').replace(/\n/g, '⏎'));

/** The prompt line: its text and what the reward checks. */
export function promptLabel(p: SampledGroup['prompt']): string {
  if (p.answer !== undefined) return O.answer(p.text, p.answer);
  if (p.word !== undefined) return O.word(p.text, p.word);
  if (p.targetWords !== undefined) return O.words(p.text, p.targetWords);
  return p.text;
}

export function GroupOutputs({ groups, group, output, step, sampling, onSelect }: GroupOutputsProps) {
  const g = groups[Math.min(group, groups.length - 1)];
  if (!g) return <p className="grpo-empty">{O.empty}</p>;
  const gi = groups.indexOf(g);
  const maxAbs = maxAbsAdvantage(g.outputs.map((o) => o.advantages));
  return (
    <div className="grpo-outputs">
      {groups.length > 1 && (
        <div className="grpo-group-tabs" role="group" aria-label={O.groups}>
          {groups.map((x, i) => (
            <button key={i} type="button" className="viz-button" aria-pressed={i === gi} onClick={() => onSelect(i)}>
              {O.group(i + 1)}
              {x.skipped ? O.skippedTab : ''}
            </button>
          ))}
        </div>
      )}
      <p className="grpo-prompt">
        {O.step(step)}
        {sampling ? O.sampling : ''}
        {O.groupOf(gi + 1, groups.length)} <code>{promptLabel(g.prompt)}</code>
        {O.stats(formatNumber(g.mean, 3), formatNumber(g.std, 3))}
        {g.skipped && <strong>{O.skipped}</strong>}
      </p>
      <ColorRamp
        label={O.ramp}
        interpolate={advantageRamp}
        ticks={[formatSigned(-maxAbs), '0', formatSigned(maxAbs)]}
      />
      <ol className="grpo-output-list" aria-label={O.list(g.outputs.length, gi + 1)}>
        {g.outputs.map((o, i) => (
          <li key={i}>
            <button type="button" className="grpo-output" aria-pressed={i === output} onClick={() => onSelect(gi, i)}>
              <span className="grpo-output-n">
                <span className="sr-only">{O.output}</span>
                {i + 1}
              </span>
              <span className="grpo-tokens">
                <span className="sr-only">{O.tokens(o.text)}</span>
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
