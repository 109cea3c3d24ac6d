/** A tokenizer.json TinySeek cannot read: one line that names the field and what is wrong. */
export class TokenizerError extends Error {
  constructor(message: string) {
    super(`tokenizer.json: ${message}`);
    this.name = 'TokenizerError';
  }
}
