/** The words of the Next token view: chart summaries for aria-labels and table rows. Pure. */
import { S } from '../../strings';
import { formatPercent } from '../common/format';
import type { DistributionRow, TokenP } from './barsLayout';

/** ‘text’ with the token's visible-space form kept. */
export const quoted = (text: string) => `‘${text}’`;

/** "‘a’ 12%, ‘b’ 8.1%, ‘c’ 4.0%" for the first n tokens. */
function firstTokens(list: TokenP[], n: number): string {
  return list
    .slice(0, n)
    .map((t) => `${quoted(t.text)} ${formatPercent(t.p)}`)
    .join(', ');
}

export function describeRecorded(list: TokenP[], after: string): string {
  return S.nexttoken.describeRecorded(list.length, quoted(after), firstTokens(list, 3));
}

export function describeWhatIf(list: TokenP[], after: string, changes: string): string {
  return S.nexttoken.describeWhatIf(list.length, quoted(after), changes, firstTokens(list, 3));
}

/** Table rows: rank, token, id, p, and (with a reference) the recorded p or "not in top 10". */
export function distributionRows(rows: DistributionRow[], withReference: boolean): (string | number)[][] {
  return rows.map((r) => [
    r.rank,
    quoted(r.token.text),
    r.token.id,
    formatPercent(r.token.p),
    ...(withReference ? [r.referenceP === null ? S.nexttoken.notInTop : formatPercent(r.referenceP)] : []),
  ]);
}
