/**
 * A colour-scale legend: a gradient bar with its end (and optional middle) values written out,
 * so the colour is never the only way to read a number.
 */
import { useId } from 'react';

export interface ColorRampProps {
  /** what the colour encodes ("router probability s"). */
  label: string;
  /** t ∈ [0, 1] → CSS colour, the same interpolator the chart uses. */
  interpolate: (t: number) => string;
  /** texts under the left end, the middle (optional) and the right end. */
  ticks: [string, string | null, string];
  /** width of the gradient bar, px. */
  width?: number;
}

export function ColorRamp({ label, interpolate, ticks, width = 140 }: ColorRampProps) {
  const id = useId();
  const stops = Array.from({ length: 11 }, (_, i) => i / 10);
  return (
    <span className="viz-ramp">
      <span className="viz-ramp-label">{label}</span>
      <svg width={width} height={26} aria-hidden="true" focusable="false">
        <defs>
          <linearGradient id={id}>
            {stops.map((t) => (
              <stop key={t} offset={t} stopColor={interpolate(t)} />
            ))}
          </linearGradient>
        </defs>
        <rect x={0.5} y={0.5} width={width - 1} height={10} fill={`url(#${id})`} className="viz-ramp-bar" />
        <text x={1} y={23} className="viz-ramp-tick">
          {ticks[0]}
        </text>
        {ticks[1] !== null && (
          <text x={width / 2} y={23} textAnchor="middle" className="viz-ramp-tick">
            {ticks[1]}
          </text>
        )}
        <text x={width - 1} y={23} textAnchor="end" className="viz-ramp-tick">
          {ticks[2]}
        </text>
      </svg>
    </span>
  );
}
