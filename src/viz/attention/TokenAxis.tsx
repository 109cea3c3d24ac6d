/**
 * The key-token axis shared by both attention charts: one HTML button per key position, lined up
 * with the chart columns, so every key is reachable by Tab and Enter/Space.
 */
import type { ScaleBand } from 'd3';
import { S } from '../../strings';

export interface TokenAxisProps {
  /** key position → column x, px (the charts' band scale). */
  x: ScaleBand<number>;
  /** key token texts, by position. */
  texts: string[];
  /** the query token's position (marked as current). */
  query: number;
  /** width of the whole axis, px. */
  width: number;
  /** height of the axis, px. */
  height: number;
  /** called with a key's position when its button is pressed. */
  onPick: (pos: number) => void;
}

export function TokenAxis({ x, texts, query, width, height, onPick }: TokenAxisProps) {
  return (
    <div className="att-axis" style={{ width, height }} role="group" aria-label={S.attention.keys}>
      {texts.map((text, pos) => (
        <button
          key={pos}
          type="button"
          className="att-key"
          style={{ left: x(pos), width: x.bandwidth(), height }}
          aria-current={pos === query ? 'true' : undefined}
          aria-label={S.attention.keyName(text, pos, pos === query)}
          title={`#${pos} “${text}”`}
          onClick={() => onPick(pos)}
        >
          <span>{text}</span>
        </button>
      ))}
    </div>
  );
}
