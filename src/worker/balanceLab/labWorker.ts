/// <reference lib="webworker" />
/** The Balance lab's training worker: owns tfjs, the trainer and its data; posts plain events. */
import '@tensorflow/tfjs-core'; // tfjs-core (its flags) before the gradients, which read them on load
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { serve } from '../serve';
import { LabHost } from './labHost';
import type { LabEvent, LabRequest } from './protocol';

serve<LabRequest, LabEvent>((post) => new LabHost(post));
