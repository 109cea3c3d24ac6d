/**
 * A tokenizer.json's normalizer, built from @huggingface/tokenizers' normalizers except Lowercase:
 * the library lowercases the whole string (JavaScript turns a word-final Σ into ς), Hugging Face's
 * Rust code lowercases each character alone (Σ is always σ).
 */
import {
  NFCNormalizer,
  NFDNormalizer,
  NFKCNormalizer,
  NFKDNormalizer,
  Normalizer,
  PrependNormalizer,
  ReplaceNormalizer,
  StripAccentsNormalizer,
  StripNormalizer,
} from '@huggingface/tokenizers';
import { TokenizerError } from './tokenizerError';

type Normalize = (text: string) => string;

const LIBRARY: Record<string, new (config: never) => Normalizer> = {
  NFC: NFCNormalizer,
  NFD: NFDNormalizer,
  NFKC: NFKCNormalizer,
  NFKD: NFKDNormalizer,
  Replace: ReplaceNormalizer,
  Prepend: PrependNormalizer,
  Strip: StripNormalizer,
  StripAccents: StripAccentsNormalizer,
};

function build(v: unknown): Normalize {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TokenizerError('normalizer is not an object');
  const n = v as Record<string, unknown>;
  if (n.type === 'Sequence') {
    if (!Array.isArray(n.normalizers)) throw new TokenizerError('normalizer Sequence has no normalizers list');
    const steps = n.normalizers.map(build);
    return (text) => steps.reduce((t, f) => f(t), text);
  }
  if (n.type === 'Lowercase') return (text) => Array.from(text, (c) => c.toLowerCase()).join('');
  const Library = typeof n.type === 'string' ? LIBRARY[n.type] : undefined;
  if (Library === undefined) throw new TokenizerError(`normalizer ${JSON.stringify(n.type)} is not supported`);
  if (n.type === 'Replace') {
    const p = n.pattern as Record<string, unknown> | null;
    if (typeof p?.String !== 'string' && typeof p?.Regex !== 'string')
      throw new TokenizerError('normalizer Replace pattern is neither "String" nor "Regex"');
    if (p.String === '') return (text) => text; // Rust matches nothing with an empty string
  }
  try {
    const normalizer = new Library(n as never);
    return (text) => normalizer.normalize(text);
  } catch (e) {
    throw new TokenizerError(`normalizer ${n.type} is not supported (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The library's normalizer slot, filled with the chain built here. */
class ChainNormalizer extends Normalizer {
  constructor(private readonly run: Normalize) {
    super({ type: 'Sequence', normalizers: [] });
  }
  normalize(text: string): string {
    return this.run(text);
  }
}

/** Reads a tokenizer.json normalizer (null: none). Throws a TokenizerError naming an unsupported one. */
export function buildNormalizer(config: unknown): Normalizer | null {
  return config == null ? null : new ChainNormalizer(build(config));
}
