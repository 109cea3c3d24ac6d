/** tf.tidy for functions that return plain objects holding tensors (and nulls). */
import * as tf from '@tensorflow/tfjs-core';

/** Runs `fn` in a tf.tidy scope; every tensor reachable from its result survives the scope. */
export function tidyObject<T>(fn: () => T): T {
  return tf.tidy(fn as () => tf.TensorContainer) as T;
}
