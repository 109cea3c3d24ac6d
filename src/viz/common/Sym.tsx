/**
 * Paper notation typed as plain text ("c_KV", "d_h^R = 64", "d_c′") drawn with real subscripts and
 * superscripts, in HTML (Sym) or inside an SVG <text> (SvgSym). Code names such as q_proj or
 * lm_head stay as they are: a script is at most two characters not followed by a lowercase letter.
 */

export interface SymPart {
  text: string;
  kind: 'base' | 'sub' | 'sup';
}

const SCRIPT = /([_^])([A-Za-z0-9]{1,2})(?![a-z])/g;

/** Splits notation into base text and sub/superscripts. */
export function symParts(s: string): SymPart[] {
  const out: SymPart[] = [];
  let last = 0;
  for (const m of s.matchAll(SCRIPT)) {
    if (m.index > last) out.push({ text: s.slice(last, m.index), kind: 'base' });
    out.push({ text: m[2], kind: m[1] === '_' ? 'sub' : 'sup' });
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last), kind: 'base' });
  return out;
}

export interface SymProps {
  /** the notation, e.g. "c_KV". */
  children: string;
}

/** HTML: <sub>/<sup>. */
export function Sym({ children }: SymProps) {
  return (
    <>
      {symParts(children).map((p, i) =>
        p.kind === 'sub' ? <sub key={i}>{p.text}</sub> : p.kind === 'sup' ? <sup key={i}>{p.text}</sup> : p.text,
      )}
    </>
  );
}

/** SVG: shifted, smaller tspans (use inside <text>). */
export function SvgSym({ children }: SymProps) {
  return (
    <>
      {symParts(children).map((p, i) =>
        p.kind === 'base' ? (
          <tspan key={i}>{p.text}</tspan>
        ) : (
          <tspan key={i} baselineShift={p.kind === 'sub' ? 'sub' : 'super'} fontSize="75%">
            {p.text}
          </tspan>
        ),
      )}
    </>
  );
}
