/** "The math" of the Attention view: eqs. 12–14 and 16–19 (15 is in the KV cache view) with the query token's numbers for the enlarged head. */
import { useMemo } from 'react';
import type { DeepseekV2Config } from '../../model/config';
import { S } from '../../strings';
import { MathSection } from '../common/MathSection';
import { attentionEquations } from '../math/attentionTex';
import type { HeadAttention } from './attentionLayout';

export interface AttentionMathProps {
  /** the model's config: head widths, query latent, YaRN. */
  config: DeepseekV2Config;
  /** position and text of the query token. */
  query: number;
  text: string;
  /** the layer shown. */
  layer: number;
  /** the enlarged head's keys. */
  head: HeadAttention;
  /** the softmax scale σ. */
  sigma: number;
}

export function AttentionMath({ config, query, text, layer, head, sigma }: AttentionMathProps) {
  const equations = useMemo(() => attentionEquations(config, query, head, sigma), [config, query, head, sigma]);
  return (
    <MathSection
      source={S.math.v2}
      whose={S.attention.math.whose(query, text, layer, head.head)}
      equations={equations}
    />
  );
}
