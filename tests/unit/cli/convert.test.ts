/** `cli convert`: the same model with its weights in F16/BF16, loading to the same logits within the dtype's rounding. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSafetensors, serializeSafetensors } from '../../../src/model/safetensors';
import { writeFixtureModel, type FixtureModel } from './fixtureModel';
import { cli } from './runCli';

let root = '';
let fixture: FixtureModel;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tinyseek-cli-convert-'));
  fixture = writeFixtureModel(join(root, 'f32'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const logits = async (dir: string) => {
  const r = await cli(['forward', '--model', dir, '--ids', '1,2,3', '--backend', 'cpu']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { logits: number[][] }).logits.flat();
};

describe('cli convert', () => {
  it('writes F16 weights at half the size that load to the same logits within F16 rounding', async () => {
    const out = join(root, 'f16');
    const r = await cli(['convert', '--model', fixture.dir, '--dtype', 'f16', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { dtype: string; bytesBefore: number; bytesAfter: number; tensors: number };
    expect(report.dtype).toBe('F16');
    expect(report.tensors).toBe(fixture.weights.size);
    expect(report.bytesAfter / report.bytesBefore).toBeGreaterThan(0.49);
    expect(report.bytesAfter / report.bytesBefore).toBeLessThan(0.51);
    const parsed = parseSafetensors(new Uint8Array(readFileSync(join(out, 'model.safetensors'))));
    expect([...parsed.tensors.values()].every((t) => t.dtype === 'F16')).toBe(true);
    for (const f of ['config.json', 'tokenizer.json'])
      expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(join(fixture.dir, f), 'utf8'));
    const [a, b] = [await logits(fixture.dir), await logits(out)];
    expect(b).toHaveLength(a.length);
    const worst = Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
    expect(worst).toBeGreaterThan(0); // rounded, really
    expect(worst).toBeLessThan(0.05);
  });

  it('refuses a weight F16 cannot hold, naming it, and bad flags, in one line', async () => {
    const dir = join(root, 'big');
    const big = writeFixtureModel(dir);
    const name = 'model.embed_tokens.weight';
    big.weights.get(name)!.data[5] = 70000;
    writeFileSync(join(dir, 'model.safetensors'), serializeSafetensors(big.weights, 'F32'));
    const r = await cli(['convert', '--model', dir, '--dtype', 'F16', '--out', join(root, 'big16')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${name}[5] = 70000 does not fit in F16 (at most ±65504); try BF16\n`);
    expect(r.stdout).toBe('');
    const same = await cli(['convert', '--model', dir, '--dtype', 'BF16', '--out', dir]);
    expect(same.stderr).toMatch(/^error: --out must be another folder than --model\n$/);
    const dtype = await cli(['convert', '--model', dir, '--dtype', 'F8', '--out', join(root, 'x')]);
    expect(dtype.stderr).toMatch(/^error: --dtype must be one of F16, BF16, F32\n$/);
  });
});
