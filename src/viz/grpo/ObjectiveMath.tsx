/** "The math" of the GRPO lab: DeepSeekMath eqs. 3–4 and the advantage with the chosen group's numbers. */
import { useMemo } from 'react';
import { S } from '../../strings';
import { MathSection } from '../common/MathSection';
import { grpoEquations, type GrpoMathInput } from '../math/grpoTex';

export interface ObjectiveMathProps extends GrpoMathInput {
  /** the group's number as the tabs show it (1-based). */
  groupNumber: number;
}

export function ObjectiveMath({ group, output, full, epsilon, beta, groupNumber }: ObjectiveMathProps) {
  const equations = useMemo(
    () => grpoEquations({ group, output, full, epsilon, beta }),
    [group, output, full, epsilon, beta],
  );
  return <MathSection source={S.math.grpo} whose={S.grpo.math.whose(groupNumber, output + 1)} equations={equations} />;
}
