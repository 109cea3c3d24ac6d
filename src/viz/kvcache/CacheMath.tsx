/** "The math" of the KV cache view: eqs. 9–11 and 15 with the selected token's latent and RoPE key. */
import { useMemo } from 'react';
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { MathSection } from '../common/MathSection';
import { kvEquations } from '../math/kvTex';

export interface CacheMathProps {
  /** the loaded model's config. */
  config: DeepseekV2Config;
  /** the selected token's record. */
  record: TokenRecord;
  /** the layer whose latent is shown. */
  layer: number;
}

export function CacheMath({ config, record, layer }: CacheMathProps) {
  const equations = useMemo(() => kvEquations(config, record, layer), [config, record, layer]);
  if (equations.length === 0) return null;
  return (
    <MathSection
      source={S.math.v2}
      whose={S.kvcache.math.whose(record.index, record.text, layer)}
      equations={equations}
    />
  );
}
