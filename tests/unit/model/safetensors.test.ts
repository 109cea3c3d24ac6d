import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/model/rng';
import {
  SafetensorsError,
  bf16BitsToFloat32,
  f16BitsToFloat32,
  float32ToBf16Bits,
  float32ToF16Bits,
  parseSafetensors,
  serializeSafetensors,
  type SafetensorsDtype,
} from '../../../src/model/safetensors';
import type { HostTensor } from '../../../src/model/weights';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const floatFromBits = (b: number) => ((u32[0] = b), f32[0]);
const bitsOf = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** Random float32 bit patterns over every exponent, NaN excluded. */
function randomFloats(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(n);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    do bits[i] = rng.nextUint32();
    while (Number.isNaN(out[i]));
  }
  return out;
}

/** Builds a file by hand from a header object and a byte buffer (independent of the writer). */
function rawFile(header: unknown, buffer: Uint8Array = new Uint8Array(0), headerLen?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + buffer.length);
  new DataView(out.buffer).setUint32(0, headerLen ?? json.length, true);
  out.set(json, 8);
  out.set(buffer, 8 + json.length);
  return out;
}

function expectError(bytes: Uint8Array, pattern: RegExp): void {
  let err: unknown;
  try {
    parseSafetensors(bytes);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SafetensorsError);
  expect((err as Error).message).toMatch(pattern);
  expect((err as Error).message).not.toContain('\n');
}

describe('binary16 conversion', () => {
  it('matches numpy float32 → float16 on rounding edge cases', () => {
    // [float32 value, numpy's astype(float16) bits]
    const golden: [number, number][] = [
      [1.0, 0x3c00],
      [-2.0, 0xc000],
      [65504.0, 0x7bff],
      [65519.0, 0x7bff],
      [65520.0, 0x7c00], // the tie above the largest finite rounds to inf
      [1e10, 0x7c00],
      [2 ** -24, 0x0001],
      [2 ** -25, 0x0000], // tie between 0 and the smallest subnormal: even
      [1.5 * 2 ** -25, 0x0001],
      [3 * 2 ** -25, 0x0002], // tie between subnormals 1 and 2: even
      [2 ** -14, 0x0400],
      [2 ** -14 - 2 ** -25, 0x0400], // tie between the largest subnormal and the smallest normal
      [1 + 2 ** -11, 0x3c00],
      [1 + 3 * 2 ** -11, 0x3c02],
      [0.10000000149011612, 0x2e66],
      [0.3333333432674408, 0x3555],
      [3.1415927410125732, 0x4248],
      [-0, 0x8000],
      [Infinity, 0x7c00],
      [-Infinity, 0xfc00],
      [1e-8, 0x0000],
      [-6.0999998822808266e-5, 0x83ff],
      [6.097555160522461e-5, 0x03ff],
    ];
    for (const [x, h] of golden) expect([x, float32ToF16Bits(x)]).toEqual([x, h]);
    expect(Number.isNaN(f16BitsToFloat32(float32ToF16Bits(NaN)))).toBe(true);
    expect(float32ToF16Bits(NaN) & 0x7e00).toBe(0x7e00); // a quiet NaN
  });

  it('decodes all 65,536 bit patterns exactly and encodes every non-NaN one back to itself', () => {
    for (let h = 0; h < 0x10000; h++) {
      const x = f16BitsToFloat32(h);
      const isNaN16 = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (isNaN16) {
        if (!Number.isNaN(x)) throw new Error(`0x${h.toString(16)} should decode to NaN`);
        continue;
      }
      // independent decode: (-1)^s · 2^(e-15) · (1 + m/1024), or 2^-24 · m for subnormals
      const s = h & 0x8000 ? -1 : 1;
      const e = (h >> 10) & 0x1f;
      const m = h & 0x3ff;
      const ref = e === 0x1f ? s * Infinity : e === 0 ? s * m * 2 ** -24 : s * 2 ** (e - 15) * (1 + m / 1024);
      if (!Object.is(x, ref) || float32ToF16Bits(x) !== h) {
        throw new Error(`0x${h.toString(16)}: decoded ${x}, expected ${ref}, re-encoded ${float32ToF16Bits(x)}`);
      }
    }
    expect(f16BitsToFloat32(0x7bff)).toBe(65504);
    expect(f16BitsToFloat32(0x0001)).toBe(2 ** -24);
  });

  it('rounds every exact midpoint between adjacent binary16 values to the even one', () => {
    for (let mag = 0; mag < 0x7bff; mag++) {
      for (const sign of [0, 0x8000]) {
        const lo = f16BitsToFloat32(sign | mag);
        const hi = f16BitsToFloat32(sign | (mag + 1));
        const mid = (lo + hi) / 2; // 12 significant bits: exact in float32
        const want = sign | (mag % 2 === 0 ? mag : mag + 1);
        const got = float32ToF16Bits(mid);
        if (got !== want) throw new Error(`midpoint ${mid}: got 0x${got.toString(16)}, want 0x${want.toString(16)}`);
        // a hair either side of the midpoint decides by distance alone
        if (float32ToF16Bits(mid + (hi - lo) / 1024) !== (sign | (mag + 1))) throw new Error(`above ${mid}`);
        if (float32ToF16Bits(mid - (hi - lo) / 1024) !== (sign | mag)) throw new Error(`below ${mid}`);
      }
    }
    expect(float32ToF16Bits(65520 - 2 ** -8)).toBe(0x7bff);
  });

  it('rounds random float32 values to the nearest binary16, ties to even', () => {
    const xs = randomFloats(200_000, 11);
    for (const x of xs) {
      const h = float32ToF16Bits(x);
      const v = f16BitsToFloat32(h);
      if (Math.abs(x) >= 65520) {
        if (v !== Math.sign(x) * Infinity) throw new Error(`${x} should overflow to inf, got ${v}`);
        continue;
      }
      // the neighbours of h with the same sign
      const mag = h & 0x7fff;
      const down = mag > 0 ? f16BitsToFloat32((h & 0x8000) | (mag - 1)) : v;
      const up = f16BitsToFloat32((h & 0x8000) | (mag + 1));
      const d = Math.abs(v - x);
      const ok =
        d <= Math.abs(down - x) &&
        d <= Math.abs(up - x) &&
        // on an exact tie the even mantissa wins
        !(d === Math.abs(down - x) && down !== v && (mag & 1) === 1) &&
        !(d === Math.abs(up - x) && (mag & 1) === 1);
      if (!ok) throw new Error(`${x} → 0x${h.toString(16)} (${v}) is not round-to-nearest-even`);
    }
    expect(xs.length).toBe(200_000);
  });
});

describe('bfloat16 conversion', () => {
  it('rounds to nearest even and handles the specials', () => {
    expect(float32ToBf16Bits(1)).toBe(0x3f80);
    expect(float32ToBf16Bits(1 + 2 ** -8)).toBe(0x3f80); // tie: even
    expect(float32ToBf16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82); // tie: even (up)
    expect(float32ToBf16Bits(1 + 2 ** -8 + 2 ** -20)).toBe(0x3f81); // above the tie
    expect(float32ToBf16Bits(-0)).toBe(0x8000);
    expect(float32ToBf16Bits(Infinity)).toBe(0x7f80);
    expect(float32ToBf16Bits(-Infinity)).toBe(0xff80);
    expect(float32ToBf16Bits(3.4028234663852886e38)).toBe(0x7f80); // float32 max rounds up to inf
    expect(float32ToBf16Bits(1e-45)).toBe(0x0000); // the smallest float32 subnormal rounds to 0
    expect(float32ToBf16Bits(floatFromBits(0x00008000 | 0x10000))).toBe(0x0002); // tie above odd subnormal
    const nan = float32ToBf16Bits(NaN);
    expect(Number.isNaN(bf16BitsToFloat32(nan))).toBe(true);
    // a NaN whose payload sits only in the low 16 bits must not collapse to inf
    expect(Number.isNaN(bf16BitsToFloat32(float32ToBf16Bits(floatFromBits(0x7f800001))))).toBe(true);
  });

  it('decodes all 65,536 bit patterns exactly and encodes every non-NaN one back to itself', () => {
    for (let h = 0; h < 0x10000; h++) {
      const x = bf16BitsToFloat32(h);
      const ref = floatFromBits(h << 16); // bfloat16 is the top half of a float32
      if (Number.isNaN(ref)) {
        if (!Number.isNaN(x)) throw new Error(`0x${h.toString(16)} should decode to NaN`);
      } else if (!Object.is(x, ref) || float32ToBf16Bits(x) !== h) {
        throw new Error(`0x${h.toString(16)}: decoded ${x}, expected ${ref}`);
      }
    }
    expect(bf16BitsToFloat32(0x3f80)).toBe(1);
    expect(bf16BitsToFloat32(0xc040)).toBe(-3);
    expect(bf16BitsToFloat32(0x0001)).toBe(2 ** -133); // a float32 subnormal
  });

  it('rounds random float32 values to the nearest bfloat16, ties to even', () => {
    for (const x of randomFloats(100_000, 12)) {
      f32[0] = x;
      const bits = u32[0];
      const lower = bits & 0xffff;
      const trunc = bits >>> 16;
      // reference: nearest-even on the discarded 16 bits
      const ref = lower > 0x8000 || (lower === 0x8000 && (trunc & 1) === 1) ? trunc + 1 : trunc;
      if (float32ToBf16Bits(x) !== ref) throw new Error(`${x}: got ${float32ToBf16Bits(x)}, expected ${ref}`);
    }
  });
});

describe('serializeSafetensors → parseSafetensors', () => {
  const specials = new Float32Array([0, -0, 1, -1, Infinity, -Infinity, 65504, 2 ** -24, 1e-45, 3.4e38, 1e-40]);

  function roundTrip(tensors: Map<string, HostTensor>, dtype: SafetensorsDtype, metadata?: Record<string, string>) {
    const bytes = serializeSafetensors(tensors, dtype, metadata);
    return { bytes, parsed: parseSafetensors(bytes) };
  }

  it('F32 is bit-exact, including NaN payloads, specials and random bits', () => {
    const rand = randomFloats(1000, 1);
    const nan = new Float32Array(new Uint32Array([0x7fc00000, 0xffc00001, 0x7f800001]).buffer);
    const tensors = new Map<string, HostTensor>([
      ['a.weight', { shape: [10, 100], data: rand }],
      ['specials', { shape: [specials.length], data: specials }],
      ['nans', { shape: [3], data: nan }],
      ['scalar', { shape: [], data: new Float32Array([7]) }],
      ['empty', { shape: [0, 4], data: new Float32Array(0) }],
    ]);
    const { parsed } = roundTrip(tensors, 'F32');
    expect([...parsed.tensors.keys()]).toEqual([...tensors.keys()]);
    for (const [name, t] of tensors) {
      const p = parsed.tensors.get(name)!;
      expect(p.dtype).toBe('F32');
      expect(p.shape).toEqual(t.shape);
      expect(bitsOf(p.data)).toEqual(bitsOf(t.data));
    }
    expect(parsed.metadata).toEqual({});
  });

  it('F16 and BF16 store exactly the rounded values, and representable values round-trip bit-exactly', () => {
    // normals spread over 12 decades: subnormal, normal and overflowing for binary16
    const rand = new Float32Array(2000);
    const rng = new Rng(3);
    for (let i = 0; i < rand.length; i++) rand[i] = rng.normal() * 10 ** (rng.int(12) - 8);
    for (const dtype of ['F16', 'BF16'] as const) {
      const enc = dtype === 'F16' ? float32ToF16Bits : float32ToBf16Bits;
      const dec = dtype === 'F16' ? f16BitsToFloat32 : bf16BitsToFloat32;
      const { parsed } = roundTrip(
        new Map([
          ['rand', { shape: [rand.length], data: rand }],
          ['specials', { shape: [specials.length], data: specials }],
          ['nan', { shape: [1], data: new Float32Array([NaN]) }],
        ]),
        dtype,
      );
      const r = parsed.tensors.get('rand')!;
      expect(r.dtype).toBe(dtype);
      expect(bitsOf(r.data)).toEqual(bitsOf(rand.map((x) => dec(enc(x)))));
      const s = parsed.tensors.get('specials')!.data;
      expect(Array.from(s)).toEqual(Array.from(specials).map((x) => dec(enc(x))));
      expect(Object.is(s[1], -0)).toBe(true);
      expect(s[4]).toBe(Infinity);
      expect(Number.isNaN(parsed.tensors.get('nan')!.data[0])).toBe(true);
      // a second trip changes nothing: the stored values are representable
      const again = roundTrip(new Map([['rand', { shape: r.shape, data: r.data }]]), dtype).parsed;
      expect(bitsOf(again.tensors.get('rand')!.data)).toEqual(bitsOf(r.data));
    }
  });

  it('writes the documented layout: u64 length, space-padded header to a multiple of 8, contiguous offsets', () => {
    const bytes = serializeSafetensors(
      new Map([
        ['x', { shape: [3], data: new Float32Array([1, 2, 3]) }],
        ['y', { shape: [1, 2], data: new Float32Array([4, 5]) }],
      ]),
      'F16',
      { format: 'pt', note: 'ünïcode' },
    );
    const dv = new DataView(bytes.buffer);
    const n = dv.getUint32(0, true);
    expect(dv.getUint32(4, true)).toBe(0);
    expect((8 + n) % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(text).toMatch(/\}\s*$/);
    expect(text.trimEnd().length).toBeLessThanOrEqual(n);
    const header = JSON.parse(text);
    expect(header.__metadata__).toEqual({ format: 'pt', note: 'ünïcode' });
    expect(header.x).toEqual({ dtype: 'F16', shape: [3], data_offsets: [0, 6] });
    expect(header.y).toEqual({ dtype: 'F16', shape: [1, 2], data_offsets: [6, 10] });
    expect(bytes.length).toBe(8 + n + 10);
    // 1.0 in binary16 little-endian is 00 3c
    expect([bytes[8 + n], bytes[8 + n + 1]]).toEqual([0x00, 0x3c]);
    expect(parseSafetensors(bytes).metadata).toEqual({ format: 'pt', note: 'ünïcode' });
  });

  it('parses a hand-built file with a mix of dtypes, from an unaligned view', () => {
    // F32 1.5 = 0x3fc00000, F16 -2 = 0xc000, BF16 1 = 0x3f80, all little-endian
    const buffer = new Uint8Array([0x00, 0x00, 0xc0, 0x3f, 0x00, 0xc0, 0x80, 0x3f]);
    const header = JSON.stringify({
      b: { dtype: 'F16', shape: [1], data_offsets: [4, 6] },
      a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
      c: { dtype: 'BF16', shape: [1, 1], data_offsets: [6, 8] },
    });
    // written as text: an object literal's __proto__ would set the prototype, not a key
    const file = rawFile(`${header.slice(0, -1)},"__metadata__":{"__proto__":"kept"}}`, buffer);
    const shifted = new Uint8Array(file.length + 3);
    shifted.set(file, 3);
    const { tensors, metadata } = parseSafetensors(shifted.subarray(3));
    expect(Array.from(tensors.get('a')!.data)).toEqual([1.5]);
    expect(Array.from(tensors.get('b')!.data)).toEqual([-2]);
    expect(Array.from(tensors.get('c')!.data)).toEqual([1]);
    expect(tensors.get('c')!.shape).toEqual([1, 1]);
    expect(Object.keys(metadata)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
  });

  it('refuses to write inconsistent tensors', () => {
    expect(() => serializeSafetensors(new Map([['x', { shape: [2, 2], data: new Float32Array(3) }]]))).toThrow(
      /x: shape \[2,2\] needs 4 values, got 3/,
    );
    expect(() => serializeSafetensors(new Map([['x', { shape: [-1], data: new Float32Array(0) }]]))).toThrow(
      SafetensorsError,
    );
    expect(() => serializeSafetensors(new Map([['__metadata__', { shape: [0], data: new Float32Array(0) }]]))).toThrow(
      SafetensorsError,
    );
  });
});

describe('parseSafetensors robustness', () => {
  const good = { x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const eight = new Uint8Array(8);

  it('rejects a file shorter than 8 bytes', () => {
    expectError(new Uint8Array(0), /shorter than the 8-byte header length/);
    expectError(new Uint8Array(7), /7 bytes, shorter/);
  });

  it('rejects a header length past the end of the file', () => {
    expectError(rawFile(good, eight, 1000), /header length 1000 bytes runs past the end/);
  });

  it('rejects an absurd header length, including a u64 above 2^53, without allocating it', () => {
    const f = rawFile(good, eight);
    new DataView(f.buffer).setUint32(0, 200_000_000, true);
    expectError(f, /header length 200000000 bytes is absurd/);
    const g = rawFile(good, eight);
    new DataView(g.buffer).setUint32(0, 0xffffffff, true);
    new DataView(g.buffer).setUint32(4, 0xffffffff, true);
    expectError(g, /header length 18446744073709551615 bytes is absurd/);
    const h = rawFile(good, eight);
    new DataView(h.buffer).setUint32(4, 1, true); // 2^32 + small: the high half alone is too much
    expectError(h, /is absurd/);
  });

  it('rejects a header that is not JSON, not UTF-8, or not an object', () => {
    expectError(rawFile('{"x": {'), /header is not valid UTF-8 JSON/);
    const bad = rawFile('{"x":1}');
    bad[9] = 0xff; // an invalid UTF-8 byte
    expectError(bad, /header is not valid UTF-8 JSON/);
    expectError(rawFile('[1,2]'), /header is not a JSON object/);
    expectError(rawFile('null'), /header is not a JSON object/);
    expectError(rawFile({ x: 3 }), /tensor x: header entry is not an object/);
  });

  it('rejects unknown dtypes', () => {
    expectError(
      rawFile({ x: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, eight),
      /tensor x: unsupported dtype "I64"/,
    );
    expectError(rawFile({ x: { shape: [1], data_offsets: [0, 4] } }, eight), /tensor x: unsupported dtype undefined/);
  });

  it('rejects non-integer or negative shape dims', () => {
    for (const shape of [[1.5], [-1], ['2'], [2 ** 60], 'abc', null]) {
      expectError(rawFile({ x: { dtype: 'F32', shape, data_offsets: [0, 8] } }, eight), /tensor x: shape must be/);
    }
  });

  it('rejects data_offsets out of range or malformed', () => {
    for (const offsets of [[0, 12], [4, 2], [-4, 4], [0.5, 8], [0], [0, 8, 8], 'x', [0, 2 ** 64]]) {
      expectError(
        rawFile({ x: { dtype: 'F32', shape: [2], data_offsets: offsets } }, eight),
        /tensor x: data_offsets .* out of range for a 8-byte buffer/,
      );
    }
  });

  it('rejects data_offsets whose size does not match shape × dtype, even for a huge shape', () => {
    expectError(
      rawFile({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, eight),
      /needs 12 bytes, data_offsets give 8/,
    );
    expectError(rawFile({ x: { dtype: 'F16', shape: [2], data_offsets: [0, 8] } }, eight), /needs 4 bytes/);
    expectError(
      rawFile({ x: { dtype: 'F32', shape: [1e6, 1e6, 1e6], data_offsets: [0, 8] } }, eight),
      /needs 4000000000000000000 bytes, data_offsets give 8/,
    );
  });

  it('keeps messages on one line when a tensor name holds a newline', () => {
    expectError(rawFile({ 'a\nb': { dtype: 'I8', shape: [1], data_offsets: [0, 1] } }, eight), /tensor "a\\nb"/);
  });

  it('rejects overlapping tensors', () => {
    expectError(
      rawFile(
        {
          x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          y: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
        },
        eight,
      ),
      /tensors x and y overlap/,
    );
  });

  it('rejects malformed __metadata__', () => {
    expectError(rawFile({ __metadata__: { a: 1 } }), /__metadata__\.a is not a string/);
    expectError(rawFile({ __metadata__: ['a'] }), /__metadata__ is not an object/);
  });

  it('never throws anything but SafetensorsError on randomly corrupted files', () => {
    const valid = serializeSafetensors(
      new Map([
        ['model.a', { shape: [4, 3], data: new Float32Array(12).fill(1) }],
        ['model.b', { shape: [5], data: new Float32Array(5).fill(2) }],
      ]),
      'BF16',
      { k: 'v' },
    );
    const rng = new Rng(99);
    let rejected = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const bytes = valid.slice(0, trial % 7 === 0 ? rng.int(valid.length) : valid.length);
      for (let k = 0, flips = 1 + rng.int(4); k < flips && bytes.length > 0; k++) {
        bytes[rng.int(bytes.length)] = rng.int(256);
      }
      try {
        parseSafetensors(bytes);
      } catch (e) {
        if (!(e instanceof SafetensorsError) || e.message.includes('\n')) throw e;
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(500);
  });
});
