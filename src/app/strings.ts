/**
 * Every user-facing string of the shell, the charts' data and download controls, and the
 * classroom features, in one place. A translation is another object of type `Strings`; the app
 * reads `S`, so swapping the object here translates everything that reads it.
 */

const en = {
  app: {
    tagline: 'See how DeepSeek-V2 works: a small, real model running in your browser.',
    model: 'Model:',
    untrained: ' · untrained (seeded random weights)',
    controls: 'Prompt and stepping',
    loadingPage: (label: string) => `Loading the ${label}…`,
  },
  pages: {
    nav: 'Pages',
    explore: 'Explore the model',
  },
  theme: {
    label: 'Theme',
    system: 'System',
    light: 'Light',
    dark: 'Dark',
  },
  backend: {
    none: 'No backend:',
    choosing: 'Choosing a compute backend…',
    backend: 'Backend:',
    adapter: 'Adapter:',
    unnamed: 'unnamed',
    software: 'This WebGPU adapter is a software renderer (no GPU):',
    softwareFaster: 'is much faster here.',
    fellBack: (names: string, n: number) => `Fell back from ${names} (${n === 1 ? 'why' : 'why each'})`,
  },
  load: {
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
  },
  drop: {
    overlay: 'Drop config.json, model.safetensors and tokenizer.json to load your model',
  },
  prompt: {
    label: 'Prompt',
    keys: 'Enter runs the prompt, Shift+Enter starts a new line.',
    run: 'Run prompt',
    examples: 'Example prompts',
    examplesPlaceholder: 'Examples…',
    truncated: (n: number) => `The prompt was longer than the model's context: its first ${n} tokens were left out.`,
  },
  sampling: {
    legend: 'Sampling (applies to the next run) and layer',
    temperature: 'Temperature',
    topK: 'Top-k',
    topP: 'Top-p',
    off: 'off',
    seed: 'Seed',
    layer: 'Layer',
    layerKind: (moe: boolean) => (moe ? 'MoE' : 'dense'),
  },
  transport: {
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
    timeline: 'Token timeline',
    timelineValue: (i: number, n: number, text: string) => `token ${i} of ${n}: ${text}`,
    tokens: 'Tokens',
    tokenTitle: (pos: number, id: number) => `position ${pos}, id ${id}`,
  },
  data: {
    show: (what: string) => `Show data: ${what}`,
    hide: (what: string) => `Hide data: ${what}`,
    region: (what: string) => `Data: ${what}`,
    highlighted: 'highlighted',
  },
  download: {
    button: 'Download',
    buttonName: (what: string) => `Download: ${what}`,
    svg: 'SVG image',
    png: 'PNG image',
    csv: 'CSV table',
    json: 'JSON table',
    itemName: (what: string, format: string) => `Download ${what} as ${format}`,
    failed: (why: string) => `The download failed: ${why}`,
  },
};

export type Strings = typeof en;

/** The strings the app shows. */
export const S: Strings = en;
