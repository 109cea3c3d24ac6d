/**
 * The safetensors format, read and written in pure TypeScript (browser and Node):
 *
 *   [u64 LE: N] [N bytes: UTF-8 JSON header] [byte buffer]
 *   header = { name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__"?: { k: v } }
 *
 * Offsets are relative to the start of the byte buffer; data is little-endian, row-major.
 * F32, F16 and BF16 are supported; F16/BF16 decode to float32 exactly and encode with
 * round-to-nearest-even. A malformed file always throws a one-line SafetensorsError.
 */
import type { HostTensor } from './weights';

export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';

export interface SafetensorsTensor {
  /** how the tensor was stored; `data` is always float32. */
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array;
}

export interface ParsedSafetensors {
  tensors: Map<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetensorsError';
  }
}

/** Bytes per element of each supported dtype. */
const BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };

/** Headers above this are refused rather than decoded (real headers are kilobytes). */
const MAX_HEADER_BYTES = 100_000_000;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// Scratch views for reinterpreting a float32 as its bits and back.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

// ---------------------------------------------------------------- bit conversions

/** float32 bits → IEEE binary16 bits, round-to-nearest-even (subnormals, ±inf, NaN kept). */
function f32BitsToF16Bits(b: number): number {
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  const mant = b & 0x7fffff;
  if (exp === 0xff) return mant === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mant >>> 13); // inf, quiet NaN
  const e = exp - 127 + 15; // rebiased exponent
  if (e >= 0x1f) return sign | 0x7c00; // too large: inf
  if (e <= 0) {
    // f16 subnormal (or zero): value = m·2^-24 with m = significand >> (14 - e)
    if (e < -10) return sign; // below 2^-25: rounds to ±0
    const m = mant | 0x800000; // 24-bit significand with the implicit 1
    const shift = 14 - e; // 14 … 24
    const half = 1 << (shift - 1);
    const rem = m & ((1 << shift) - 1);
    let r = m >>> shift;
    if (rem > half || (rem === half && (r & 1) === 1)) r++; // may carry into the smallest normal: correct
    return sign | r;
  }
  let r = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (r & 1) === 1)) r++; // a carry into the exponent is correct (to inf)
  return sign | r;
}

/** IEEE binary16 bits → float32 bits (exact). */
function f16BitsToF32Bits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >>> 10) & 0x1f;
  let mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0;
  if (exp === 0) {
    if (mant === 0) return sign >>> 0;
    let e = 1; // normalise the subnormal
    while ((mant & 0x400) === 0) {
      mant <<= 1;
      e--;
    }
    return (sign | ((e + 112) << 23) | ((mant & 0x3ff) << 13)) >>> 0;
  }
  return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
}

/** float32 bits → bfloat16 bits, round-to-nearest-even (NaN stays a quiet NaN). */
function f32BitsToBf16Bits(b: number): number {
  if ((b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0) return ((b >>> 16) | 0x40) & 0xffff;
  return ((b >>> 0) + 0x7fff + ((b >>> 16) & 1)) >>> 16; // overflow rounds to inf, as it should
}

/** x rounded to float32, then to binary16 bits with round-to-nearest-even. */
export function float32ToF16Bits(x: number): number {
  f32[0] = x;
  return f32BitsToF16Bits(u32[0]);
}

/** The float32 (exactly) equal to binary16 bits h. */
export function f16BitsToFloat32(h: number): number {
  u32[0] = f16BitsToF32Bits(h & 0xffff);
  return f32[0];
}

/** x rounded to float32, then to bfloat16 bits with round-to-nearest-even. */
export function float32ToBf16Bits(x: number): number {
  f32[0] = x;
  return f32BitsToBf16Bits(u32[0]);
}

/** The float32 (exactly) equal to bfloat16 bits h. */
export function bf16BitsToFloat32(h: number): number {
  u32[0] = (h & 0xffff) << 16;
  return f32[0];
}

// ---------------------------------------------------------------- reading

function isDtype(x: unknown): x is SafetensorsDtype {
  return x === 'F32' || x === 'F16' || x === 'BF16';
}

/** Decodes `count` little-endian elements of `dtype` starting at bytes[start] into float32. */
function decode(bytes: Uint8Array, start: number, count: number, dtype: SafetensorsDtype): Float32Array {
  const out = new Float32Array(count);
  const bits = new Uint32Array(out.buffer); // write raw bits: NaN payloads survive
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, count * BYTES[dtype]);
  if (dtype === 'F32') {
    if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes.subarray(start, start + count * 4));
    else for (let i = 0; i < count; i++) bits[i] = view.getUint32(i * 4, true);
  } else if (dtype === 'F16') {
    for (let i = 0; i < count; i++) bits[i] = f16BitsToF32Bits(view.getUint16(i * 2, true));
  } else {
    for (let i = 0; i < count; i++) bits[i] = view.getUint16(i * 2, true) << 16;
  }
  return out;
}

/** A name for an error message: quoted when it holds control characters, so messages stay one line. */
// eslint-disable-next-line no-control-regex
const show = (name: string) => (/[\u0000-\u001f\u2028\u2029]/.test(name) ? JSON.stringify(name) : name);

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Parses a whole .safetensors file. Throws SafetensorsError (one line) on any malformation. */
export function parseSafetensors(bytes: Uint8Array): ParsedSafetensors {
  if (bytes.length < 8)
    throw new SafetensorsError(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // u64 as two u32 halves: a number above 2^53 would lose precision.
  const lo = dv.getUint32(0, true);
  const hi = dv.getUint32(4, true);
  if (hi !== 0 || lo > MAX_HEADER_BYTES) {
    const n = (BigInt(hi) << 32n) | BigInt(lo);
    throw new SafetensorsError(`header length ${n} bytes is absurd (limit ${MAX_HEADER_BYTES})`);
  }
  const n = lo;
  if (8 + n > bytes.length) {
    throw new SafetensorsError(`header length ${n} bytes runs past the end of the ${bytes.length}-byte file`);
  }

  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
    header = JSON.parse(text);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new SafetensorsError(`header is not valid UTF-8 JSON: ${why}`);
  }
  if (!isPlainObject(header)) throw new SafetensorsError('header is not a JSON object');

  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: { name: string; dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }[] = [];

  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isPlainObject(raw)) throw new SafetensorsError('__metadata__ is not an object of strings');
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== 'string') throw new SafetensorsError(`__metadata__.${show(k)} is not a string`);
        // defineProperty: a key named "__proto__" must stay an ordinary entry.
        Object.defineProperty(metadata, k, { value: v, enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    if (!isPlainObject(raw)) throw new SafetensorsError(`tensor ${show(name)}: header entry is not an object`);
    const { dtype, shape, data_offsets: offsets } = raw;
    if (!isDtype(dtype)) {
      throw new SafetensorsError(
        `tensor ${show(name)}: unsupported dtype ${JSON.stringify(dtype)} (expected F32, F16 or BF16)`,
      );
    }
    if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) {
      throw new SafetensorsError(
        `tensor ${show(name)}: shape must be non-negative integers, got ${JSON.stringify(shape)}`,
      );
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offsets[0] > offsets[1] ||
      offsets[1] > dataLength
    ) {
      throw new SafetensorsError(
        `tensor ${show(name)}: data_offsets ${JSON.stringify(offsets)} out of range for a ${dataLength}-byte buffer`,
      );
    }
    const [begin, end] = offsets as [number, number];
    // The byte range is within the file, so a product larger than it is an error, never an allocation.
    let count = 1;
    for (const s of shape as number[]) count *= s;
    const need = count * BYTES[dtype];
    if (need !== end - begin) {
      throw new SafetensorsError(
        `tensor ${show(name)}: shape ${JSON.stringify(shape)} × ${dtype} needs ${need} bytes, data_offsets give ${end - begin}`,
      );
    }
    entries.push({ name, dtype, shape: shape as number[], begin, end });
  }

  const byBegin = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < byBegin.length; i++) {
    const p = byBegin[i - 1];
    const q = byBegin[i];
    if (q.begin < p.end) {
      throw new SafetensorsError(`tensors ${show(p.name)} and ${show(q.name)} overlap in the byte buffer`);
    }
  }

  const tensors = new Map<string, SafetensorsTensor>();
  for (const e of entries) {
    const count = (e.end - e.begin) / BYTES[e.dtype];
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: decode(bytes, dataStart + e.begin, count, e.dtype) });
  }
  return { tensors, metadata };
}

// ---------------------------------------------------------------- writing

/**
 * Serialises tensors (in the Map's order) as one safetensors file, every tensor stored as `dtype`.
 * The header is padded with spaces so the byte buffer starts at a multiple of 8.
 */
export function serializeSafetensors(
  tensors: Map<string, HostTensor>,
  dtype: SafetensorsDtype = 'F32',
  metadata?: Record<string, string>,
): Uint8Array {
  if (!isDtype(dtype)) throw new SafetensorsError(`cannot write dtype ${JSON.stringify(dtype)}`);
  const size = BYTES[dtype];
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new SafetensorsError(`__metadata__.${k} is not a string`);
    }
    header.__metadata__ = metadata;
  }
  let offset = 0;
  for (const [name, t] of tensors) {
    if (name === '__metadata__') throw new SafetensorsError('a tensor cannot be named __metadata__');
    if (!t.shape.every((s) => Number.isSafeInteger(s) && s >= 0)) {
      throw new SafetensorsError(`tensor ${name}: shape must be non-negative integers, got ${JSON.stringify(t.shape)}`);
    }
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new SafetensorsError(
        `tensor ${name}: shape ${JSON.stringify(t.shape)} needs ${count} values, got ${t.data.length}`,
      );
    }
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + count * size] };
    offset += count * size;
  }

  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20); // spaces
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + padded + offset);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, padded, true); // the high half stays 0
  out.set(json, 8);

  let pos = 8 + padded;
  for (const t of tensors.values()) {
    const bits = new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length); // raw bits: NaN payloads survive
    if (dtype === 'F32') {
      if (LITTLE_ENDIAN) out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), pos);
      else for (let i = 0; i < bits.length; i++) dv.setUint32(pos + i * 4, bits[i], true);
    } else {
      const convert = dtype === 'F16' ? f32BitsToF16Bits : f32BitsToBf16Bits;
      for (let i = 0; i < bits.length; i++) dv.setUint16(pos + i * 2, convert(bits[i]), true);
    }
    pos += t.data.length * size;
  }
  return out;
}
