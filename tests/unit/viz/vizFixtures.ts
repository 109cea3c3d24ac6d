/** Records for the viz tests: the recorded story sessions, and hand-written routings. */
import sessionStory from '../../../stories/fixtures/session-story.json';
import sessionSum from '../../../stories/fixtures/session-sum.json';
import type { RecordedSession } from '../../../src/session/recordedSession';
import type { TokenRecord } from '../../../src/session/records';

export const STORY = sessionStory as unknown as RecordedSession;
export const SUM = sessionSum as unknown as RecordedSession;

/** A record whose layer 0 is dense and layer 1 routes with `probs`, choosing `experts`. */
export function routedRecord(index: number, probs: number[], experts: number[]): TokenRecord {
  const none = { values: [], norm: 0, width: 0 };
  const base = { cQ: null, cKV: [], kR: [], attention: [], nope: [], rope: [], pathDiff: null };
  const stream = { attnOut: none, ffnOut: none, out: none };
  const layer = { ...base, ...stream };
  return {
    index,
    id: index,
    text: `t${index}`,
    source: 'prompt',
    embedding: none,
    layers: [
      { ...layer, layer: 0, routing: null },
      {
        ...layer,
        layer: 1,
        routing: {
          probs,
          groupScores: [],
          selectedGroups: [],
          experts,
          gates: experts.map((e) => probs[e]),
          sharedNorm: 0,
          routedNorm: 0,
        },
      },
    ],
    next: [],
    cacheBytes: 0,
  };
}
