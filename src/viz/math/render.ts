/**
 * TeX → MathML with Temml: pure MathML Core, which Chromium, Firefox and Safari lay out natively and
 * screen readers read as math. Imported only by the views' lazy chunks (through MathBlock), never by
 * the shell. Errors render as red source text instead of throwing, and \href-like commands are
 * refused (trust: false), though every piece of user text is escaped first (tex.ts).
 */
import temml from 'temml';

/**
 * An equation as a MathML string: display style (`display`, the default) or inline, which Temml lets
 * wrap between terms on a narrow screen; `tag` adds the paper's number at the right, "(9)".
 */
export function texToMathml(tex: string, tag?: string, display = true): string {
  const body = tag === undefined ? tex : `${tex} \\tag{${tag.replace(/[^0-9]/g, '')}}`;
  return temml.renderToString(body, {
    displayMode: display,
    wrap: display ? 'none' : 'tex', // inline: a line may break after a relation or a binary operator
    throwOnError: false,
    trust: false,
  });
}
