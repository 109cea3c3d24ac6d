/** The model worker's host (appWorker.ts runs it): owns tfjs and the model; answers the UI with plain data only. */
import { ModelHost } from './modelHost';
import type { WorkerEvent } from './protocol';
import type { PostEvent } from './serve';

export const makeHost = (post: PostEvent<WorkerEvent>) => new ModelHost(post);
