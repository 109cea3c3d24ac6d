/** What forward and generate share: the --backend flag and a model folder loaded onto that backend. */
import { DeepseekV2Model } from '../model/model';
import type { LoadedModelFiles } from '../model/modelFiles';
import { selectNodeBackend } from '../runtime/nodeBackend';
import { UsageError } from './args';
import { readModelDir } from './modelDir';

const NODE_BACKENDS = ['wasm', 'cpu'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

/** Checks --backend; undefined means "wasm, else cpu". */
export function parseBackend(name: string | undefined): NodeBackend | undefined {
  if (name === undefined) return undefined;
  if (!(NODE_BACKENDS as readonly string[]).includes(name)) {
    throw new UsageError(`--backend must be one of ${NODE_BACKENDS.join(', ')}, got "${name}"`);
  }
  return name as NodeBackend;
}

/** Reads and validates the folder (before any backend starts, so bad input fails fast). */
export function readModelFlag(dir: string | undefined): LoadedModelFiles {
  if (!dir) throw new UsageError('--model DIR is required');
  return readModelDir(dir);
}

/** Activates the backend and builds the model on it; the caller disposes the model. */
export async function loadModel(files: LoadedModelFiles, backend: NodeBackend | undefined): Promise<DeepseekV2Model> {
  await selectNodeBackend(backend ? [backend] : NODE_BACKENDS);
  return DeepseekV2Model.fromHostWeights(files.config, files.weights);
}
