/**
 * The GRPO lab's view: a region named "GRPO" with the explanation, the controls, the sampled
 * group (outputs, rewards, advantages, per-token ratio/clip/KL), the curves, GRPO beside PPO and
 * the expert load before and after RL. Plain props: the lab page feeds it from the store, the
 * stories from recorded steps.
 */
import type { GroupRecord, OutputRecord } from '../../rl/events';
import type { GrpoLab } from '../../state/grpoSlice';
import { S } from '../../strings';
import { AdvantageChart } from './AdvantageChart';
import { ExpertLoadPanel } from './ExpertLoadPanel';
import { GroupOutputs } from './GroupOutputs';
import { GrpoControls, type GrpoControlsProps } from './GrpoControls';
import { GrpoCurves } from './GrpoCurves';
import { ObjectiveMath } from './ObjectiveMath';
import { PpoPanel } from './PpoPanel';
import { TokenTable } from './TokenTable';
import '../common/chartParts.css';
import './grpo.css';

const G = S.grpo;

export type GrpoActions = Pick<
  GrpoControlsProps,
  'onHyper' | 'onEvaluation' | 'onSteps' | 'onRun' | 'onStep' | 'onPause' | 'onResetReference' | 'onRestart'
> & {
  onSelect: (group: number, output?: number) => void;
};

export interface GrpoViewProps {
  /** the lab's state (src/state/grpoSlice). */
  lab: GrpoLab;
  actions: GrpoActions;
}

/** The groups to show: the last finished step's, or the step being sampled when it is newer. */
export function shownGroups(lab: GrpoLab) {
  const sampling = lab.sampling[0];
  if (sampling && (!lab.last || sampling.step > lab.last.step))
    return { step: sampling.step, groups: lab.sampling, full: null as GroupRecord[] | null };
  return { step: lab.last?.step ?? 0, groups: lab.last?.groups ?? [], full: lab.last?.groups ?? null };
}

function Status({ lab }: { lab: GrpoLab }) {
  const b = lab.backend;
  const backend = <span data-testid="grpo-backend">{b?.active ?? '…'}</span>;
  const text =
    lab.status === 'error' ? null : lab.status === 'running' ? (
      <>
        {G.runningOn} {backend}
        {G.running(lab.remaining)}
      </>
    ) : lab.status === 'ready' ? (
      <>
        {G.readyOn} {backend}
        {G.ready(lab.modelName, lab.history.length)}
      </>
    ) : (
      (lab.progress ?? G.startingStatus)
    );
  return (
    <div className="grpo-status">
      {text && (
        <p role="status" data-testid="grpo-status">
          {text}
        </p>
      )}
      {lab.error && (
        <p role="alert" className="grpo-error">
          {lab.error}
        </p>
      )}
    </div>
  );
}

export function GrpoView({ lab, actions }: GrpoViewProps) {
  const shown = shownGroups(lab);
  const gi = Math.min(lab.group, Math.max(0, shown.groups.length - 1));
  const group = shown.groups[gi];
  const full: OutputRecord | undefined = shown.full?.[gi]?.outputs[lab.output];
  const before = lab.evals[0];
  const latest = lab.evals[lab.evals.length - 1];
  return (
    <section role="region" aria-label={G.title} className="panel grpo">
      <h2>{G.heading}</h2>
      <p className="viz-intro">
        {G.intro} <em>{G.advantage}</em> {G.introB}
      </p>
      <Status lab={lab} />
      <GrpoControls
        hyper={lab.hyper}
        evaluation={lab.evaluation}
        steps={lab.steps}
        ready={lab.status === 'ready'}
        running={lab.status === 'running'}
        {...actions}
      />
      <div className="grpo-grid">
        <section className="grpo-card grpo-wide" aria-labelledby="grpo-group-h">
          <h3 id="grpo-group-h">{G.groupTitle}</h3>
          <GroupOutputs
            groups={shown.groups}
            group={gi}
            output={lab.output}
            step={shown.step}
            sampling={shown.full === null}
            onSelect={actions.onSelect}
          />
          {full && <TokenTable output={full} n={lab.output + 1} epsilon={lab.hyper.epsilon} />}
        </section>
        {group && (
          <section className="grpo-card" aria-labelledby="grpo-adv-h">
            <h3 id="grpo-adv-h">{G.advTitle(gi + 1)}</h3>
            <AdvantageChart
              advantages={group.outputs.map((o) => o.advantage)}
              rewards={group.outputs.map((o) => o.reward)}
            />
          </section>
        )}
        {group && (
          <div className="grpo-card grpo-wide">
            <ObjectiveMath
              group={group}
              groupNumber={gi + 1}
              output={Math.min(lab.output, group.outputs.length - 1)}
              full={full}
              epsilon={lab.hyper.epsilon}
              beta={lab.hyper.beta}
            />
          </div>
        )}
        <section className="grpo-card grpo-wide" aria-labelledby="grpo-curves-h">
          <h3 id="grpo-curves-h">{G.curvesTitle}</h3>
          <GrpoCurves history={lab.history} evals={lab.evals} resets={lab.resets} />
        </section>
        {lab.config && (
          <section className="grpo-card grpo-wide" aria-labelledby="grpo-ppo-h">
            <h3 id="grpo-ppo-h">{G.ppoTitle}</h3>
            <PpoPanel config={lab.config} />
          </section>
        )}
        {before && latest && (
          <section className="grpo-card grpo-wide" aria-labelledby="grpo-load-h">
            <h3 id="grpo-load-h">{G.loadTitle}</h3>
            <ExpertLoadPanel before={before.load} after={latest.load} afterStep={latest.step} />
          </section>
        )}
      </div>
    </section>
  );
}
