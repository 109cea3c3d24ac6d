/** The shipped tinyseek model, fetched from the test server's public folder. */
import { parseModelFiles, type LoadedModelFiles } from '../../../src/model/modelFiles';

export async function loadShipped(): Promise<LoadedModelFiles> {
  const base = '/models/tinyseek';
  const [config, weights] = await Promise.all([
    fetch(`${base}/config.json`).then((r) => r.json() as Promise<unknown>),
    fetch(`${base}/model.safetensors`).then(async (r) => new Uint8Array(await r.arrayBuffer())),
  ]);
  return parseModelFiles({ config, weights });
}
