/**
 * The rule that chooses a backend by measured speed (src/runtime/backendChoice.ts): a software
 * WebGPU adapter is not probed, so it can no longer win just by coming first, and the fastest
 * measured probe wins.
 */
import { describe, expect, it } from 'vitest';
import { fastest, planProbes, softwareAdapter } from '../../../src/runtime/backendChoice';
import { BACKEND_ORDER, type AdapterSummary, type BackendProbe } from '../../../src/runtime/backendTypes';

/** What headless Chromium's WebGPU reports on this project's CI machine (no GPU). */
const SWIFTSHADER: AdapterSummary = {
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: '',
  isFallbackAdapter: false,
};
const NVIDIA: AdapterSummary = { vendor: 'nvidia', architecture: 'hopper', device: '', description: '' };

const measured = (name: BackendProbe['name'], tokensPerSecond: number): BackendProbe => ({ name, tokensPerSecond });

describe('softwareAdapter', () => {
  it('names SwiftShader, llvmpipe and a fallback adapter; a hardware GPU is null', () => {
    expect(softwareAdapter(SWIFTSHADER)).toBe('swiftshader');
    expect(softwareAdapter({ ...NVIDIA, architecture: '', description: 'llvmpipe (LLVM 15.0.7, 256 bits)' })).toMatch(
      /llvmpipe/,
    );
    expect(softwareAdapter({ ...NVIDIA, isFallbackAdapter: true })).toBe('hopper');
    expect(softwareAdapter(NVIDIA)).toBeNull();
  });
});

describe('planProbes', () => {
  it('leaves out a software WebGPU adapter (and WebGL with it) and probes wasm only', () => {
    const plan = planProbes(BACKEND_ORDER, { adapter: SWIFTSHADER });
    expect(plan.probe).toEqual(['wasm']);
    expect(plan.skipped).toEqual([
      { name: 'webgpu', tokensPerSecond: null, skipped: 'software', detail: 'swiftshader' },
    ]);
  });

  it('probes a hardware WebGPU against wasm', () => {
    expect(planProbes(BACKEND_ORDER, { adapter: NVIDIA })).toEqual({ probe: ['webgpu', 'wasm'], skipped: [] });
  });

  it('probes WebGL against wasm when there is no WebGPU adapter', () => {
    expect(planProbes(BACKEND_ORDER, { adapter: null }).probe).toEqual(['webgl', 'wasm']);
  });

  it('leaves out a software WebGL renderer too', () => {
    const renderer = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
    expect(planProbes(BACKEND_ORDER, { adapter: null }, renderer)).toEqual({
      probe: ['wasm'],
      skipped: [{ name: 'webgl', tokensPerSecond: null, skipped: 'software', detail: 'SwiftShader' }],
    });
    expect(planProbes(BACKEND_ORDER, { adapter: null }, 'ANGLE (NVIDIA, Vulkan 1.3 (NVIDIA H200))').probe).toEqual([
      'webgl',
      'wasm',
    ]);
  });

  it('keeps to the order it is given', () => {
    expect(planProbes(['wasm', 'cpu'], { adapter: NVIDIA }).probe).toEqual(['wasm']);
  });
});

describe('fastest', () => {
  it('picks the most tokens/s, not the first: SwiftShader-like WebGPU loses to wasm', () => {
    expect(fastest([measured('webgpu', 0.7), measured('wasm', 23.7)])).toBe('wasm');
    expect(fastest([measured('webgpu', 310), measured('wasm', 23.7)])).toBe('webgpu');
  });

  it('ignores what was not measured, keeps the earlier on a tie, and is null with nothing measured', () => {
    const skipped: BackendProbe = { name: 'webgpu', tokensPerSecond: null, skipped: 'software', detail: 'swiftshader' };
    expect(fastest([skipped, measured('wasm', 20)])).toBe('wasm');
    expect(fastest([measured('webgl', 20), measured('wasm', 20)])).toBe('webgl');
    expect(fastest([skipped])).toBeNull();
  });
});
