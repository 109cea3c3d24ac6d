/** The app's strings live in src/strings; this re-export keeps the shell's imports working. */
export { S, type Strings } from '../strings';
