/**
 * A model dropped as one zip (what the labs' "Save model" writes, or a Hugging Face folder zipped
 * by hand): its model files are taken out and handled as if dropped loose. Only the files a model
 * needs are inflated (config.json, tokenizer.json, generation_config.json, .safetensors shards and
 * their index), from one folder; their declared sizes are checked against the app's weight budget
 * before anything is inflated, so a zip bomb is refused by its directory alone.
 */
import { unzipSync } from 'fflate';
import { MAX_WEIGHT_BYTES, ModelFilesError } from '../model/modelFiles';

export interface DroppedFile {
  name: string;
  buffer: ArrayBuffer;
}

/** Beyond the weights' budget, room for the JSON files beside them. */
const MAX_ZIP_BYTES = MAX_WEIGHT_BYTES + 64 * 1024 * 1024;

const wanted = (base: string) =>
  ['config.json', 'tokenizer.json', 'generation_config.json', 'model.safetensors.index.json'].includes(base) ||
  base.endsWith('.safetensors');

const isZip = (f: DroppedFile) => f.name.toLowerCase().endsWith('.zip');

/** The dropped files with every .zip among them replaced by the model files inside it. */
export function expandZips(files: DroppedFile[]): DroppedFile[] {
  return files.flatMap((f) => (isZip(f) ? filesOfZip(f) : [f]));
}

function filesOfZip(zip: DroppedFile): DroppedFile[] {
  const where = `dropped zip ${zip.name}`;
  const folders = new Set<string>();
  let declared = 0;
  let inflated: Record<string, Uint8Array>;
  try {
    inflated = unzipSync(new Uint8Array(zip.buffer), {
      filter: (entry) => {
        const parts = entry.name.split('/');
        const base = parts.pop()!.toLowerCase();
        if (parts[0] === '__MACOSX' || !wanted(base)) return false;
        folders.add(parts.join('/'));
        declared += entry.originalSize;
        if (declared > MAX_ZIP_BYTES)
          throw new ModelFilesError(
            where,
            `its model files unpack to ${(declared / 1e9).toFixed(2)} GB or more; TinySeek loads at most ${MAX_WEIGHT_BYTES / 1e9} GB of weights`,
          );
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ModelFilesError) throw e;
    throw new ModelFilesError(where, `is not a zip TinySeek can read (${e instanceof Error ? e.message : String(e)})`);
  }
  if (folders.size > 1)
    throw new ModelFilesError(
      where,
      `holds model files in ${folders.size} folders (${[...folders].map((f) => f || '(top)').join(', ')}); zip one model at a time`,
    );
  const out = Object.entries(inflated).map(([name, bytes]) => ({
    name: name.split('/').pop()!,
    buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  }));
  if (out.length === 0) throw new ModelFilesError(where, 'holds no config.json, tokenizer.json or .safetensors file');
  return out;
}
