/**
 * Choosing a backend by measured speed (issue #15), as pure functions of what the browser reports:
 * which backends to probe given the WebGPU adapter's info, and which probe won. Plain data only,
 * so the rule is unit-tested without a browser (tests/unit/runtime/backendChoice.test.ts).
 *
 * A software WebGPU adapter (the browser's fallback adapter, or SwiftShader, llvmpipe and the like
 * on a machine without a GPU) is not probed: it decodes far slower than wasm and warming it up
 * costs seconds. WebGL is probed only when there is no WebGPU adapter at all (a software WebGPU
 * adapter means a software WebGL too), and not when its renderer is a software one by name.
 * cpu is never probed: wasm is faster wherever it runs.
 */
import type { AdapterSummary, BackendName, BackendProbe } from './backendTypes';

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render/i;

/** The adapter's own name for a software implementation, or null for a hardware GPU. */
export function softwareAdapter(a: AdapterSummary): string | null {
  if (a.isFallbackAdapter) return a.architecture || a.description || 'fallback adapter';
  const named = [a.architecture, a.description, a.device].find((s) => SOFTWARE.test(s));
  return named ?? null;
}

/** The WebGPU check's outcome: an adapter, or none (no navigator.gpu, no adapter). */
export type WebGpuFound = { adapter: AdapterSummary } | { adapter: null };

/** The software renderer a WebGL renderer string names (e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device …))"), or null. */
export function softwareRenderer(renderer: string | null): string | null {
  const m = renderer ? SOFTWARE.exec(renderer) : null;
  return m ? m[0] : null;
}

/**
 * What to probe, in order, and what is left out as a software GPU (already as probe records).
 * `webglRenderer`: WebGL's unmasked renderer string, when it could be read.
 */
export function planProbes(
  order: readonly BackendName[],
  webgpu: WebGpuFound,
  webglRenderer: string | null = null,
): { probe: BackendName[]; skipped: BackendProbe[] } {
  const probe: BackendName[] = [];
  const skipped: BackendProbe[] = [];
  const software = webgpu.adapter ? softwareAdapter(webgpu.adapter) : null;
  for (const name of order) {
    if (name === 'webgpu' && webgpu.adapter) {
      if (software) skipped.push({ name, tokensPerSecond: null, skipped: 'software', detail: software });
      else probe.push(name);
    } else if (name === 'webgl' && !webgpu.adapter) {
      const soft = softwareRenderer(webglRenderer);
      if (soft) skipped.push({ name, tokensPerSecond: null, skipped: 'software', detail: soft });
      else probe.push(name);
    } else if (name === 'wasm') probe.push(name);
  }
  return { probe, skipped };
}

/** The fastest measured probe (the earlier in order on a tie), or null when none was measured. */
export function fastest(probes: readonly BackendProbe[]): BackendName | null {
  let best: BackendProbe | null = null;
  for (const p of probes) {
    if (p.tokensPerSecond !== null && (best === null || p.tokensPerSecond > best.tokensPerSecond!)) best = p;
  }
  return best?.name ?? null;
}
