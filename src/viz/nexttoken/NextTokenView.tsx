/**
 * Next token: the recorded top-10 distribution after the selected token and, beside it on the
 * same scale, the distribution the worker computed under the student's interventions (experts
 * switched off, another top-k, no shared experts). barsLayout computes, this renders.
 */
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { UntrainedNote } from '../common/UntrainedNote';
import { DistributionChart } from './DistributionChart';
import { InterventionControls, type LayerUse } from './InterventionControls';
import { distributionChart, sharedMax, type TokenP } from './barsLayout';
import { describeInterventions, hasInterventions, type NextTokenInterventions } from './interventions';
import { describeRecorded, describeWhatIf, distributionRows, quoted } from './nextTokenText';
import '../common/chartParts.css';
import '../common/vizBase.css';
import './nexttoken.css';

export interface NextTokenViewProps {
  /** the recorded top-10 next-token distribution after the selected token (records[selected].next). */
  baseline: TokenP[];
  /** the top-10 under `interventions`, computed by the worker; null until there is one. */
  whatIf: TokenP[] | null;
  /** the interventions the what-if distribution is (or will be) computed under; {} = none. */
  interventions: NextTokenInterventions;
  /** the model's config: K, N_r, groups and shared experts. */
  config: DeepseekV2Config;
  /** every token's record so far (the selected token's text and the experts it used). */
  records: TokenRecord[];
  /** position of the selected token. */
  selected: number;
  /** called with the whole new interventions object whenever a control changes. */
  onChangeInterventions: (interventions: NextTokenInterventions) => void;
  /** the worker is computing the what-if distribution. */
  pending?: boolean;
  /** the records come from untrained (random) weights: say so. */
  untrained?: boolean;
}

const N = S.nexttoken;
const COLUMNS = N.columns;

export function NextTokenView(props: NextTokenViewProps) {
  const { baseline, whatIf, interventions, config, records, selected, onChangeInterventions, pending } = props;
  const record = records[Math.max(0, Math.min(selected, records.length - 1))];
  const after = record?.text ?? '';
  const layers: LayerUse[] = (record?.layers ?? []).flatMap((l) =>
    l.routing ? [{ layer: l.layer, experts: l.routing.experts, gates: l.routing.gates }] : [],
  );
  const xMax = sharedMax(baseline, whatIf);
  const recorded = distributionChart(baseline, xMax);
  const changed = hasInterventions(interventions);
  const changes = describeInterventions(interventions);
  const whatIfChart = whatIf ? distributionChart(whatIf, xMax, baseline) : null;

  return (
    <section role="region" aria-label={N.title} className="panel nt">
      <h2>{N.title}</h2>
      <UntrainedNote untrained={props.untrained}>{N.untrained}</UntrainedNote>
      <p className="nt-intro">{N.intro(quoted(after), record?.index ?? selected)}</p>
      <div className="viz-figures">
        <figure className="viz-figure">
          <figcaption>{N.recorded}</figcaption>
          <DistributionChart chart={recorded} label={describeRecorded(baseline, after)} variant="recorded" />
          <ShowData
            what={N.recordedData}
            caption={N.recordedCaption(baseline.length, quoted(after))}
            columns={COLUMNS}
            rows={distributionRows(recorded.rows, false)}
          />
        </figure>
        <figure className="viz-figure" aria-busy={pending ? true : undefined}>
          <figcaption>{N.whatIf(changes)}</figcaption>
          {whatIfChart && whatIf ? (
            <div className={pending ? 'nt-stale' : undefined}>
              <DistributionChart chart={whatIfChart} label={describeWhatIf(whatIf, after, changes)} variant="whatif" />
              <ShowData
                what={N.whatIfData}
                caption={N.whatIfCaption(whatIf.length, quoted(after), changes)}
                columns={[...COLUMNS, N.recordedP]}
                rows={distributionRows(whatIfChart.rows, true)}
              />
            </div>
          ) : (
            <p className="nt-empty">{changed ? N.noWhatIf : N.askWhatIf}</p>
          )}
          <p className="nt-status" role="status">
            {pending ? N.computing : ''}
          </p>
        </figure>
      </div>
      <InterventionControls
        config={config}
        layers={layers}
        interventions={interventions}
        onChange={onChangeInterventions}
      />
    </section>
  );
}
