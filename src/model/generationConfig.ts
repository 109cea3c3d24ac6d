/** generation_config.json: the sampling the app starts from, in Hugging Face's form, for a model's bos and eos ids. */
export function generationConfigJson(bos: number | null, eos: number | null): Record<string, unknown> {
  return { bos_token_id: bos, eos_token_id: eos, do_sample: true, temperature: 0.8, top_p: 0.95, max_new_tokens: 200 };
}
