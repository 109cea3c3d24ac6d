/**
 * One display equation, TeX typeset to MathML by Temml (src/viz/math/render.ts), with the paper's
 * number at the right when `tag` is given. The MathML is the accessible text: screen readers read it
 * as math. This file is the only one the views import Temml through, so it loads with their chunks.
 */
import { useMemo } from 'react';
import { texToMathml } from '../math/render';
import 'temml/dist/Temml-Local.css';

export interface MathBlockProps {
  /** the equation in TeX; user text in it must already be escaped (src/viz/math/tex.ts). */
  tex: string;
  /** the paper's equation number ("9"), drawn as "(9)". */
  tag?: string;
  /** typeset inline (text style), so a long line wraps between its terms; default display style. */
  inline?: boolean;
  /** a class for the wrapper. */
  className?: string;
}

export function MathBlock({ tex, tag, inline = false, className }: MathBlockProps) {
  const html = useMemo(() => texToMathml(tex, tag, !inline), [tex, tag, inline]);
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
