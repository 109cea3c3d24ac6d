/** The Balance lab worker's host (appWorker.ts runs it): owns tfjs, the trainer and its data; posts plain events. */
import '@tensorflow/tfjs-core'; // tfjs-core (its flags) before the gradients, which read them on load
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { PostEvent } from '../serve';
import { LabHost } from './labHost';
import type { LabEvent } from './protocol';

export const makeHost = (post: PostEvent<LabEvent>) => new LabHost(post);
