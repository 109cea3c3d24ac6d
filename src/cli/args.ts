/** A strict flag parser: `--name value` or `--flag`; anything unknown is an error naming it. */

export class UsageError extends Error {
  override name = 'UsageError';
}

export type FlagSpec = Record<string, 'string' | 'number' | 'boolean'>;
export type Flags<S extends FlagSpec> = {
  [K in keyof S]?: S[K] extends 'number' ? number : S[K] extends 'boolean' ? boolean : string;
};

export function parseFlags<S extends FlagSpec>(argv: string[], spec: S): Flags<S> {
  const out: Record<string, string | number | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown flag --${name}`);
    if (kind === 'boolean') {
      out[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${value}"`);
      out[name] = n;
    } else out[name] = value;
  }
  return out as Flags<S>;
}

/** Comma-separated non-negative integers, e.g. `--ids 1,2,3`. */
export function parseIds(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) {
    throw new UsageError(`--ids must be comma-separated token ids, got "${text}"`);
  }
  return parts.map(Number);
}
