/** "The math" of the Expert routing view: eqs. 20–22 and the device limit with the token's routing. */
import { useMemo } from 'react';
import type { DeepseekV2Config } from '../../model/config';
import type { TokenRecord } from '../../session/records';
import { S } from '../../strings';
import { MathSection } from '../common/MathSection';
import { routingEquations } from '../math/routingTex';

export interface RoutingMathProps {
  /** the model's config: N_s, N_r, K, devices, gate scaling. */
  config: DeepseekV2Config;
  /** the selected token's record. */
  record: TokenRecord;
  /** the MoE layer shown; a layer without routing shows nothing. */
  layer: number;
}

export function RoutingMath({ config, record, layer }: RoutingMathProps) {
  const routing = record.layers.find((l) => l.layer === layer)?.routing ?? null;
  const equations = useMemo(
    () => (routing ? routingEquations(config, record.index, routing) : []),
    [config, record.index, routing],
  );
  if (equations.length === 0) return null;
  return (
    <MathSection
      source={S.math.v2}
      whose={S.routing.math.whose(record.index, record.text, layer)}
      equations={equations}
    />
  );
}
