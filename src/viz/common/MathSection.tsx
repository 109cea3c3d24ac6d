/**
 * "The math": a disclosure (open at first, after the view's charts) listing a mechanism's equations
 * as the paper numbers them, each beside the same equation with the current numbers substituted
 * (below it when the two do not fit side by side).
 * The views build the equations (src/viz/math/*Tex.ts); this only lays them out.
 */
import { S } from '../../strings';
import type { MathEquation } from '../math/tex';
import { MathBlock } from './MathBlock';
import { ScrollBox } from './ScrollBox';
import { Sym } from './Sym';
import './math.css';

export interface MathSectionProps {
  /** which paper the numbers follow (S.math.v2 or S.math.grpo). */
  source: string;
  /** whose numbers the right-hand column shows, e.g. "token 5 “the”, layer 1". */
  whose: string;
  /** the equations, in the paper's order. */
  equations: MathEquation[];
}

export function MathSection({ source, whose, equations }: MathSectionProps) {
  return (
    <details className="math" open data-testid="math">
      <summary>{S.math.title}</summary>
      <p className="math-source">
        {source} {equations.some((e) => e.tag === undefined) && S.math.unnumbered}
      </p>
      <ol className="math-list">
        {equations.map((e) => (
          <li key={e.id} className="math-eq" data-equation={e.tag ?? e.id}>
            <p className="math-caption">
              <Sym>{e.caption}</Sym>
            </p>
            {/* a long equation scrolls sideways in its own box on a narrow screen */}
            <ScrollBox label={S.math.title}>
              <div className="math-body">
                <MathBlock className="math-tex" tex={e.tex} tag={e.tag} />
                <div className="math-values">
                  <span className="math-values-label">{S.math.valuesFor(whose)}</span>
                  <MathBlock className="math-tex" tex={e.values} inline />
                </div>
              </div>
            </ScrollBox>
          </li>
        ))}
      </ol>
    </details>
  );
}
