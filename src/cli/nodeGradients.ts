/**
 * Registers tfjs-core's gradient functions in Node.
 *
 * tfjs-core's Node bundle (its `main`) carries no gradients; they live only in its ES-module
 * files (`dist/register_all_gradients.js`), which Vite loads fine but Node's resolver refuses: one
 * of them imports `./gradients`, a name that is both a file and a folder there. A resolve hook
 * that retries such a folder import as `<name>.js` lets Node load them. The gradients land in
 * tfjs's global registry, which the bundle shares (tfjs keeps its engine and registries global
 * so that several copies of the library cooperate).
 */
import * as tf from '@tensorflow/tfjs-core';
import { register } from 'node:module';

const HOOK = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    if (e && e.code === 'ERR_UNSUPPORTED_DIR_IMPORT' && context.parentURL?.includes('/@tensorflow/tfjs-core/')) {
      return next(specifier + '.js', context);
    }
    throw e;
  }
}`;

let done = false;

/** Idempotent. After it, tf.getGradient('Multiply') and every other core gradient are defined. */
export async function registerNodeGradients(): Promise<void> {
  if (done || tf.getGradient('Multiply')) return;
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, import.meta.url);
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  if (!tf.getGradient('Multiply')) throw new Error('registering the tfjs gradients failed');
  done = true;
}
