/** The GRPO lab worker's host (appWorker.ts runs it): owns tfjs, the policy and the reference; answers with plain data only. */
// tfjs-core first: its flags (DEBUG, …) must be registered before the gradient modules run, which
// the dev server's pre-bundling otherwise evaluates first
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { PostEvent } from '../serve';
import { GrpoHost } from './grpoHost';
import type { GrpoEvent } from './protocol';

export const makeHost = (post: PostEvent<GrpoEvent>) => new GrpoHost(post);
