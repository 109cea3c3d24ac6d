/**
 * The Model flow: the selected token's path through the loaded model, every layer, from the
 * model's real records. The residual stream runs from the token's embedding through each layer
 * (MLA above it, the dense MLP or DeepSeekMoE below it, each adding to it) to the final norm, the
 * LM head and the next-token probabilities. Every block opens its detailed view at that layer.
 */
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { ShowData } from '../common/ShowData';
import { UntrainedNote } from '../common/UntrainedNote';
import { flowTable, tokenFlow } from './flowData';
import { TokenEnd, Legend, HeadEnd } from './FlowEnds';
import { FlowLayer, type FlowTarget } from './FlowLayer';
import { flowHeight, flowLayout, orientationFor } from './flowLayout';
import '../common/vizBase.css';
import './flow.css';

export interface ModelFlowViewProps {
  /** the loaded model's config: every size drawn and labelled comes from it. */
  config: DeepseekV2Config;
  /** the recorded tokens, one per position. */
  records: TokenRecord[];
  /** position of the token whose path is drawn. */
  selected: number;
  /** true when the records come from seeded random weights: shows a note. */
  untrained: boolean;
  /** the layer drawn in full when not every layer fits. */
  layer: number;
  /** called when a block is pressed: the detailed view to open and its layer. */
  onOpen: (view: FlowTarget, layer: number) => void;
}

const F = S.flow;

/** Width and first-screen height of the element, followed as it resizes. */
function useBoxSize(ref: React.RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      const next = { width: Math.floor(el.clientWidth), height: flowHeight(window.innerHeight, top) };
      setSize((s) => (s.width === next.width && s.height === next.height ? s : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    window.addEventListener('resize', measure);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [ref]);
  return size;
}

/** Memoised: the shell re-renders on every store change (busy, playing), the flow only when its props change. */
export const ModelFlowView = memo(function ModelFlowView({
  config: c,
  records,
  selected,
  untrained,
  layer,
  onOpen,
}: ModelFlowViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useBoxSize(box);
  const orientation = orientationFor(width);
  const f = useMemo(
    () => (width > 0 ? flowLayout(c, { width, height, orientation, selectedLayer: layer }) : null),
    [c, width, height, orientation, layer],
  );
  const flow = useMemo(() => tokenFlow(c, records, selected), [c, records, selected]);
  const table = useMemo(() => (flow ? flowTable(c, flow) : []), [c, flow]);
  const maxNorm = flow ? Math.max(1e-9, ...flow.layers.flatMap((L) => [L.attnNorm, L.ffnNorm])) : 1;
  return (
    <section className="panel viz-view fl-view" role="region" aria-label={F.title}>
      <h2>{F.title}</h2>
      {flow ? (
        <p className="viz-intro fl-intro">{F.intro(flow.text, flow.index, c.num_hidden_layers)}</p>
      ) : (
        <p className="viz-intro">{F.empty}</p>
      )}
      <UntrainedNote untrained={untrained}>{F.untrained}</UntrainedNote>
      <div ref={box} className="fl-box">
        {f && flow && (
          <svg
            className="fl-svg"
            width={f.width}
            height={f.height}
            viewBox={`0 0 ${f.width} ${f.height}`}
            data-orientation={f.orientation}
            data-token={flow.index}
          >
            <line
              className="fl-stream"
              x1={f.stream.from.x}
              y1={f.stream.from.y}
              x2={f.stream.to.x}
              y2={f.stream.to.y}
            />
            <TokenEnd box={f.token} flow={flow} config={c} />
            <Legend box={f.legend} />
            {f.layers.map((slot) => (
              <FlowLayer
                key={slot.layer}
                config={c}
                slot={slot}
                flow={flow.layers[slot.layer]}
                orientation={f.orientation}
                records={records}
                selected={selected}
                maxNorm={maxNorm}
                onOpen={onOpen}
              />
            ))}
            <HeadEnd
              norm={f.norm}
              head={f.head}
              next={f.next}
              flow={flow}
              config={c}
              onOpen={() => onOpen('next', layer)}
            />
          </svg>
        )}
      </div>
      {flow && (
        <ShowData
          what={F.data}
          caption={F.caption(flow.text, flow.index)}
          columns={F.columns}
          rows={table}
          textColumns={[0, 2, 3]}
        />
      )}
    </section>
  );
});
