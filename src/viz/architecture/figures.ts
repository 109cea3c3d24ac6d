/**
 * The parameter figures beside the diagram: total and activated per token for the loaded config
 * and for DeepSeek-V2 and V2-Lite, all computed by parameterCounts (docs/model.md#sizes). Pure.
 */
import type { DeepseekV2Config } from '../../model/config';
import { DEEPSEEK_V2, DEEPSEEK_V2_LITE } from '../../model/presets';
import { parameterCounts } from '../../model/sizes';

export interface ParameterFigure {
  name: string;
  total: number;
  activated: number;
  /** true for the model the view is showing; false for the published configs beside it. */
  loaded: boolean;
}

/** The loaded model first, then DeepSeek-V2 and V2-Lite from their published configs. */
export function parameterFigures(config: DeepseekV2Config, name: string): ParameterFigure[] {
  const row = (n: string, c: DeepseekV2Config, loaded: boolean): ParameterFigure => {
    const p = parameterCounts(c);
    return { name: n, total: p.total, activated: p.activated, loaded };
  };
  return [
    row(name, config, true),
    row('DeepSeek-V2', DEEPSEEK_V2, false),
    row('DeepSeek-V2-Lite', DEEPSEEK_V2_LITE, false),
  ];
}

/** Three significant digits with K/M/B/T: 235_741_000_000 → "236B", 2_451_000_000 → "2.45B", 1_829_000 → "1.83M". */
export function formatCount(n: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [v, s] of units) if (Math.abs(n) >= v) return `${Number((n / v).toPrecision(3))}${s}`;
  return String(n);
}
