/** Where a command writes: its result to stdout, everything else to stderr. */
export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}
