/** The app's state with a session recorded from the real model, for the lesson stories' live answers. */
import type { RecordedSession } from '../../src/session/recordedSession';
import { useAppStore, type AppState } from '../../src/state/store';
import type { LoadedModelInfo } from '../../src/worker/protocol';
import storyJson from '../fixtures/session-story.json';

export const session = storyJson as unknown as RecordedSession;

/** The store's state with the recorded tokens in, the last one selected, at layer 1. */
export function recordedState(): AppState {
  return {
    ...useAppStore.getState(),
    model: { name: 'tinyseek', config: session.config, untrained: session.untrained } as LoadedModelInfo,
    loadState: 'ready',
    prompt: session.prompt,
    records: session.records,
    selected: session.records.length - 1,
    layer: 1,
    busy: false,
  };
}
