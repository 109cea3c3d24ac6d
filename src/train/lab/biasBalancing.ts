/**
 * DeepSeek-V3's auxiliary-loss-free load balancing (arXiv 2412.19437 §2.1.2, eq. (16);
 * docs/model.md#bias-balancing): after each training step every routed expert's selection bias
 * moves by γ toward balance,
 *
 *   b_i ← b_i + γ · sign(mean_j load_j − load_i)
 *
 * so an overloaded expert becomes harder to choose and an underloaded one easier. The bias only
 * chooses experts (src/model/routerNoaux.ts); it never enters a gate weight or a gradient.
 */

/** The new biases after one step whose per-expert loads (counts or f, any positive scale) were `load`. */
export function biasUpdate(bias: readonly number[], load: readonly number[], gamma: number): number[] {
  if (bias.length !== load.length) throw new Error(`biasUpdate: ${bias.length} biases for ${load.length} loads`);
  const mean = load.reduce((a, b) => a + b, 0) / load.length;
  return bias.map((b, i) => b + gamma * Math.sign(mean - load[i]));
}
