/** "The math" of the Load balance view: eqs. 23–31 with the window's f, P and losses. */
import { useMemo } from 'react';
import type { DeepseekV2Config } from '../../model/config';
import { S } from '../../strings';
import { MathSection } from '../common/MathSection';
import { balanceEquations } from '../math/balanceTex';
import type { LayerBalance } from './balanceMath';

export interface LossMathProps {
  /** the model's config: the α coefficients. */
  config: DeepseekV2Config;
  /** the statistics the view computed for the window. */
  balance: LayerBalance;
}

export function LossMath({ config, balance }: LossMathProps) {
  const equations = useMemo(() => balanceEquations(config, balance), [config, balance]);
  return (
    <MathSection source={S.math.v2} whose={S.balance.math.whose(balance.tokens, balance.layer)} equations={equations} />
  );
}
