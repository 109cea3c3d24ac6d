/** Reading Temml's MathML string back in the tests (no DOM in the unit project). */

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#x27);/g, (e) => ENTITIES[e]);

/** The text of every <mtext> that is not an equation tag, in order. */
export function mtexts(html: string): string[] {
  return [...html.matchAll(/<mtext(?![^>]*tml-tag)[^>]*>([^<]*)<\/mtext>/g)].map((m) =>
    decode(m[1]).replace(/\u00a0/g, ' '),
  ); // Temml writes spaces in text as no-break spaces
}

/** Every number Temml set as <mn>, with a leading <mo>−</mo> joined on. */
export function numbers(html: string): string[] {
  return [...html.matchAll(/(?:<mo[^>]*>(−)<\/mo>)?<mn>([^<]*)<\/mn>/g)].map((m) => `${m[1] ? '-' : ''}${m[2]}`);
}

/** The equation tags, "(9)" → "9". */
export function tags(html: string): string[] {
  return [...html.matchAll(/<mtext class="tml-tag">\(([^)]*)\)<\/mtext>/g)].map((m) => m[1]);
}
