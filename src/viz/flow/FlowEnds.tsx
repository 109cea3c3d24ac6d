/**
 * The two ends of the Model flow: the token and its embedding where the residual stream starts;
 * the final RMSNorm, the LM head and the top next tokens where it ends; and the colour legend.
 */
import type { DeepseekV2Config } from '../../model/config';
import { S } from '../../strings';
import { formatNumber, formatPercent } from '../common/format';
import { categoryStyle } from '../common/palette';
import { SvgSym } from '../common/Sym';
import type { TokenFlow } from './flowData';
import type { Box } from './flowLayout';
import { Block, HeatStrip, stripColor, ValueBar } from './FlowMarks';

const F = S.flow;
const base = (b: Box, line: number, h = 13) => b.y + 4 + h * line + h - 3;

/** Token text cut to 12 characters. */
function cut(t: string, n = 12): string {
  const ch = Array.from(t);
  return ch.length > n ? `${ch.slice(0, n - 1).join('')}…` : t;
}

export function TokenEnd({ box, flow, config: c }: { box: Box; flow: TokenFlow; config: DeepseekV2Config }) {
  const e = flow.embedding;
  const cols = 16;
  const tileW = Math.min(box.w - 8, 96);
  const tileH = Math.min((tileW / cols) * Math.ceil(e.values.length / cols), box.h - 74);
  return (
    <g className="fl-token-end">
      <rect className="fl-token-bg" x={box.x} y={box.y} width={box.w} height={box.h} rx={4} />
      <text x={box.x + 4} y={base(box, 0)} className="fl-label">
        {F.token} #{flow.index}
      </text>
      <text x={box.x + 4} y={base(box, 1, 16)} className="fl-token-text">
        “{cut(flow.text, 9)}”
      </text>
      <text x={box.x + 4} y={base(box, 2, 14) + 4} className="fl-size">
        {F.id(flow.id)}
      </text>
      <text x={box.x + 4} y={base(box, 3, 14) + 6} className="fl-label">
        {F.embedding} <SvgSym>{`d = ${c.hidden_size}`}</SvgSym>
      </text>
      <HeatStrip box={{ x: box.x + 4, y: box.y + 70, w: tileW, h: Math.max(4, tileH) }} strip={e} columns={cols} />
      {e.values.length < e.width && (
        <text x={box.x + 4} y={box.y + 70 + tileH + 11} className="fl-size">
          {F.first(e.values.length, e.width)}
        </text>
      )}
    </g>
  );
}

export function Legend({ box }: { box: Box }) {
  const color = stripColor(1);
  const stops = Array.from({ length: 9 }, (_, i) => -1 + i / 4);
  const y = box.y + 2;
  if (box.h < 30) return null;
  return (
    <g className="fl-legend" aria-hidden="true">
      {stops.map((v, i) => (
        <rect key={i} x={box.x + 52 + i * 8} y={y} width={8} height={10} style={{ fill: color(v) }} />
      ))}
      <rect className="fl-strip-frame" x={box.x + 52} y={y} width={72} height={10} />
      <text x={box.x} y={y + 9} className="fl-size">
        {F.legendValues}
      </text>
      <text x={box.x + 46} y={y + 9} textAnchor="end" className="fl-size">
        −
      </text>
      <text x={box.x + 130} y={y + 9} className="fl-size">
        +
      </text>
      <text x={box.x} y={y + 24} className="fl-size">
        {F.legendScale}
      </text>
      {box.h >= 64 && (
        <>
          <line className="fl-stream" x1={box.x} x2={box.x + 20} y1={y + 36} y2={y + 36} />
          <text x={box.x + 26} y={y + 40} className="fl-size">
            {F.legendStream}
          </text>
          <g className="fl-add">
            <circle cx={box.x + 10} cy={y + 52} r={5} />
            <path d={`M${box.x + 7} ${y + 52}h6M${box.x + 10} ${y + 49}v6`} />
          </g>
          <text x={box.x + 26} y={y + 56} className="fl-size">
            {F.legendAdd}
          </text>
        </>
      )}
      {box.h >= 92 && (
        <>
          <rect
            className="fl-expert fl-chosen viz-cat"
            style={categoryStyle(0)}
            x={box.x}
            y={y + 64}
            width={9}
            height={9}
          />
          <text x={box.x + 13} y={y + 72} className="fl-size">
            {F.legendChosen}
          </text>
          <rect
            className="fl-expert fl-shared viz-cat"
            style={categoryStyle(1)}
            x={box.x + 96}
            y={y + 64}
            width={9}
            height={9}
          />
          <text x={box.x + 109} y={y + 72} className="fl-size">
            {F.legendShared}
          </text>
        </>
      )}
      {box.h >= 108 && (
        <>
          <rect className="fl-expert fl-masked" x={box.x} y={y + 80} width={9} height={9} />
          <text x={box.x + 13} y={y + 88} className="fl-size">
            {F.legendMasked}
          </text>
        </>
      )}
    </g>
  );
}

export interface HeadEndProps {
  norm: Box;
  head: Box;
  next: Box;
  flow: TokenFlow;
  config: DeepseekV2Config;
  onOpen: () => void;
}

export function HeadEnd({ norm, head, next, flow, config: c, onOpen }: HeadEndProps) {
  const last = flow.layers[flow.layers.length - 1];
  const whole = { x: norm.x, y: norm.y, w: norm.w, h: next.y + next.h - norm.y };
  // the rows start 12 px down (under "next token"); as many as fit at 11 px or more.
  const shown = flow.next.slice(0, Math.max(1, Math.floor((next.h - 14) / 11)));
  const rowH = Math.min(18, (next.h - 14) / shown.length);
  const pMax = Math.max(...shown.map((t) => t.p), 1e-9);
  return (
    <Block box={whole} name={F.open.head} onOpen={onOpen} className="fl-head">
      <text x={norm.x + 6} y={norm.y + 14} className="fl-title">
        {F.finalNorm}
      </text>
      <text x={norm.x + 6} y={norm.y + 27} className="fl-size">
        {last ? `in: ${F.norm(formatNumber(last.outNorm, 2))}` : ''}
      </text>
      <line className="fl-sep" x1={head.x + 6} x2={head.x + head.w - 6} y1={head.y - 4} y2={head.y - 4} />
      <text x={head.x + 6} y={head.y + 12} className="fl-title">
        {F.head}
      </text>
      <text x={head.x + 6} y={head.y + 25} className="fl-size">
        {F.headShape(c.hidden_size, c.vocab_size)}
      </text>
      <text x={next.x + 6} y={next.y + 9} className="fl-size">
        {F.next}
      </text>
      {shown.map((t, i) => {
        const y = next.y + 12 + i * rowH;
        return (
          <g key={i} data-next={i}>
            <text x={next.x + 62} y={y + rowH - 5} textAnchor="end" className="fl-token">
              {cut(t.text, 8)}
            </text>
            <ValueBar
              box={{ x: next.x + 66, y, w: next.w - 72, h: rowH }}
              fraction={t.p / pMax}
              label={formatPercent(t.p)}
            />
          </g>
        );
      })}
    </Block>
  );
}
