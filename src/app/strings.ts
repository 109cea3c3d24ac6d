/**
 * The shell's strings (src/strings/shell.ts), imported apart from the views' and labs', which load
 * with their lazy chunks; src/strings/index.ts combines every area into the one object `S`.
 */
import { shell } from '../strings/shell';

/** The strings the shell (header, controls, lessons, classroom) shows. */
export const S = shell;
