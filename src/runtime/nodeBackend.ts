/** Backend selection for Node (CLI, training, tests): wasm with its binaries from node_modules, else cpu. */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { selectBackend, type BackendName, type BackendStatus } from './backends';

export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';
}

export function selectNodeBackend(order: readonly BackendName[] = ['wasm', 'cpu']): Promise<BackendStatus> {
  return selectBackend(order, { wasmPaths: wasmDistDir() });
}
