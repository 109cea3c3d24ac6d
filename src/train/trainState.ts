/**
 * What a training run holds between steps. Its own module because both halves of a step use it
 * (lossGrads.ts computes the gradients, trainStep.ts applies them) and trainStep imports lossGrads.
 */
import type { DeepseekV2Config } from '../model/config';
import type { DeepseekV2Model } from '../model/model';
import type { Rng } from '../model/rng';
import type { AdamW } from './adamw';
import type { TrainHyperParams } from './trainConfig';

export interface TrainState {
  readonly config: DeepseekV2Config;
  readonly hyper: TrainHyperParams;
  /** the model, every parameter a tf.Variable. */
  readonly model: DeepseekV2Model;
  readonly optimizer: AdamW;
  /** draws the sequences protected from token dropping (DeepSeek-V2 §2.2.4). */
  rng: Rng;
}
