/** The shell's strings: header, loading, prompt, sampling, stepping, classroom, data and download controls. */

export const app = {
  tagline: 'See how DeepSeek-V2 works: a small, real model running in your browser.',
  model: 'Model:',
  untrained: ' · untrained (seeded random weights)',
  controls: 'Prompt and sampling',
  loadingPage: (label: string) => `Loading the ${label}…`,
};

/** The error boundary around each view and lab page (src/app/ViewBoundary.tsx). */
export const boundary = {
  failed: (name: string) => `${name} could not be shown:`,
  retry: 'Try again',
  unknown: 'unknown error',
};

export const pages = {
  nav: 'Pages',
  explore: 'Explore the model',
};

/** The Explore page's layout: the views' names (src/app/viewRegistry.ts), the details menu, embed mode. */
export const explore = {
  /** the views' names; each view's own strings repeat its name as `title` (kept apart so they load
      with the view's chunk; tests/unit/state/viewRegistry.test.ts checks that they agree). */
  names: {
    flow: 'Model flow',
    next: 'Next token',
    kv: 'KV cache',
    attention: 'Attention',
    routing: 'Expert routing',
    balance: 'Load balance',
    architecture: 'Architecture',
  },
  details: 'Detail views',
  menu: 'Choose a detail view',
  showAll: 'Show all views',
  loadingView: 'Loading this view…',
  badEmbed: (id: string, valid: string) => `There is no view “${id}” to embed; use one of: ${valid}.`,
  embedTitle: (name: string) => `TinySeek: ${name}`,
  openFull: 'Open in TinySeek',
};

export const theme = {
  label: 'Theme',
  system: 'System',
  light: 'Light',
  dark: 'Dark',
};

export const backend = {
  none: 'No backend:',
  choosing: 'Choosing a compute backend…',
  backend: 'Backend:',
  adapter: 'Adapter:',
  unnamed: 'unnamed',
  software: 'This WebGPU adapter is a software renderer (no GPU):',
  softwareFaster: 'is much faster here.',
  fellBack: (names: string, n: number) => `Fell back from ${names} (${n === 1 ? 'why' : 'why each'})`,
  /** why the active backend was chosen (runtime/backendTypes BackendHow). */
  why: {
    fastest: 'fastest in a short decode test:',
    forced: 'as the link asks (?backend=).',
    page: 'as the app chose.',
    first: 'the first that works:',
  },
  probe: (name: string, tokensPerSecond: number) =>
    `${name} ${tokensPerSecond.toFixed(tokensPerSecond < 10 ? 1 : 0)} tokens/s`,
  skippedSoftware: (name: string, adapter: string) => `${name} not tried (software adapter: ${adapter})`,
  probeFailed: (name: string) => `${name} failed`,
  others: 'Use instead:',
  /** the badge's disclosure: why this backend, and the others. */
  more: 'why?',
  fellBackShort: '(fell back)',
};

export const load = {
  couldNot: 'That model could not load:',
  stillUsing: (name: string) => `. Still using ${name}.`,
  dismiss: 'Dismiss',
  failedTitle: 'The model could not load',
  failedHelp:
    'You can try again, explore the same architecture with seeded random weights (every view still shows the real computation, only the model has learned nothing), or drop your own DeepSeek-V2 model (config.json, model.safetensors and tokenizer.json) anywhere on the page.',
  retry: 'Try again',
  random: 'Use random weights',
  fetching: 'Fetching the model',
  phase: {
    download: 'Downloading the weights',
    parse: 'Checking every tensor',
    upload: 'Moving the weights to the compute backend',
  },
  of: (total: string) => ` of ${total}`,
};

export const drop = {
  overlay: 'Drop config.json, model.safetensors and tokenizer.json (or one zip of them) to load your model',
};

export const prompt = {
  label: 'Prompt',
  keys: 'Enter runs the prompt, Shift+Enter starts a new line.',
  run: 'Run prompt',
  examples: 'Example prompts',
  examplesPlaceholder: 'Examples…',
  truncated: (n: number) => `The prompt was longer than the model's context: its first ${n} tokens were left out.`,
  cut: (cut: number, max: number) =>
    `The prompt box holds ${max.toLocaleString('en-US')} characters: the last ${cut.toLocaleString('en-US')} were cut.`,
};

export const sampling = {
  summary: 'Sampling and layer',
  legend: 'Sampling (applies to the next run) and layer',
  temperature: 'Temperature',
  topK: 'Top-k',
  topP: 'Top-p',
  off: 'off',
  seed: 'Seed',
  pastEnd: 'Continue past end of text',
  layer: 'Layer',
  layerKind: (moe: boolean) => (moe ? 'MoE' : 'dense'),
  /** beside the controls when they differ from the run on screen (a shared link keeps that run's). */
  nextRun: 'Changed: applies to the next run. The tokens on screen, and their link, keep the settings that made them.',
};

/** A shared link's numbers that were out of range and so not used. */
export const link = {
  refused: (items: { key: string; value: string; min: number; max: number; integer: boolean }[]) =>
    `This link's ${items
      .map(
        (r) =>
          `${r.key}=${r.value} (must be ${r.integer ? 'an integer' : 'a number'} from ${fmt(r.min)} to ${fmt(r.max)})`,
      )
      .join(', ')} ${items.length === 1 ? 'was' : 'were'} out of range and left at the default.`,
};
const fmt = (n: number) =>
  Math.abs(n) === Number.MAX_SAFE_INTEGER
    ? `${n < 0 ? '−(2^53 − 1)' : '2^53 − 1'}`
    : n === Number.MIN_VALUE
      ? 'just above 0'
      : String(n);

export const transport = {
  group: 'Token stepping',
  back: 'Back',
  backTitle: 'Previous token (←)',
  play: 'Play',
  pause: 'Pause',
  playTitle: 'Generate continuously (space)',
  generate: 'Generate',
  forward: 'Forward',
  generateTitle: 'Generate one token (→)',
  forwardTitle: 'Next token (→)',
  none: 'No tokens yet',
  position: (i: number, n: number) => `Token ${i} of ${n}`,
  computing: ' · computing…',
  contextFull: ' · context full',
  endOfText: ' · end of text',
  bar: 'Stepping',
  timeline: 'Token timeline',
  timelineValue: (i: number, n: number, text: string) => `token ${i} of ${n}: ${text}`,
  tokens: 'Tokens',
  tokenTitle: (pos: number, id: number) => `position ${pos}, id ${id}`,
};

export const classroom = {
  lessons: 'Lessons',
  pickerTitle: 'Guided lessons',
  close: 'Close the lesson',
  panel: 'Lesson',
  stepOf: (i: number, n: number) => `Step ${i} of ${n}`,
  prev: 'Previous step',
  next: 'Next step',
  steps: 'Lesson steps',
  yourGuess: 'Your prediction',
  check: 'Check my prediction',
  justShow: 'Show the answer',
  needGuess: 'Type a number first.',
  badNumber: (t: string) => `“${t}” is not a number; type digits such as 72 or 0.5.`,
  waiting: (why: string) => `Not yet: ${why}.`,
  modelSays: 'The model says',
  right: 'Right!',
  wrong: 'Not quite.',
  noGuess: 'No prediction was made.',
  yourWas: (g: string) => `Your prediction: ${g}.`,
  presenter: 'Presenter mode',
  presenterOn: 'Presenter mode is on: PageDown and PageUp (or a clicker) move through the steps, Escape leaves.',
  linkTitle: 'Classroom link',
  linkIntro: 'A link that opens this step for your class, with the controls you tick hidden.',
  linkHide: 'Hide',
  linkPresenter: 'Open in presenter mode',
  linkState: 'Keep the current prompt, tokens, layer and view',
  linkAt: 'Open at',
  linkThisStep: 'this step',
  linkFirstStep: 'the first step',
  linkUrl: 'Link',
  copy: 'Copy link',
  copied: 'Copied.',
  copyFailed: 'Select the link and copy it.',
  hideView: (name: string) => `the ${name} view`,
  hide: {
    prompt: 'the prompt box',
    transport: 'token stepping',
    sampling: 'sampling and layer',
    interventions: 'what-if controls',
    tabs: 'page tabs',
    export: 'download menus',
    theme: 'theme menu',
    lessonNav: 'lesson step buttons (lock the step)',
  },
};

export const views = {
  untrained:
    'Untrained weights: these internals come from a real forward pass over seeded random weights, so the shapes and sizes are real but the patterns are not learned yet.',
};

export const data = {
  show: (what: string) => `Show data: ${what}`,
  hide: (what: string) => `Hide data: ${what}`,
  region: (what: string) => `Data: ${what}`,
  highlighted: 'highlighted',
  /** before the details a tap revealed on a chart (read by screen readers only). */
  tapped: 'Tapped:',
  /** a chart wider than the screen, in a box that scrolls sideways. */
  scrollBox: (what: string) => `${what} (scrolls sideways)`,
};

export const download = {
  button: 'Download',
  buttonName: (what: string) => `Download: ${what}`,
  svg: 'SVG image',
  png: 'PNG image',
  csv: 'CSV table',
  json: 'JSON table',
  itemName: (what: string, format: string) => `Download ${what} as ${format}`,
  failed: (why: string) => `The download failed: ${why}`,
  notOnPage: 'the chart is not on the page',
  noCanvas: 'this browser cannot draw on a canvas',
  noPng: 'the PNG could not be made',
};
