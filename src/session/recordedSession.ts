/** A session recorded from the real model by scripts/record-session.ts, as the stories load it. */
import type { DeepseekV2Config } from '../model/config';
import type { SamplingOptions } from '../model/sampling';
import type { TokenRecord } from './records';

export interface RecordedSession {
  /** true when recorded from seeded random weights because no trained model had been shipped yet. */
  untrained: boolean;
  prompt: string;
  seed: number;
  sampling: SamplingOptions;
  config: DeepseekV2Config;
  records: TokenRecord[];
}
