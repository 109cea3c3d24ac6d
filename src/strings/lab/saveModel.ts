/** The strings of the labs' "Save model" and "Open in Explore" (src/app/labs/SaveModelBar.tsx, savedModel.ts). */

export const saveModel = {
  legend: 'What the lab trained',
  save: 'Save model',
  explore: 'Open in Explore',
  saving: 'Preparing the files…',
  /** why both buttons are off. */
  notTrained: 'Train at least one step first.',
  busy: 'Wait until the step is done.',
  showingRun: 'A loaded run has no weights: train one to save it.',
  notReady: 'The lab is not ready yet.',
  saved: (file: string) => `Saved ${file}.`,
  failed: (why: string) => `Could not save the model: ${why}`,
  /** the zip's README.md. */
  readme: {
    title: (folder: string) => `# ${folder}`,
    intro: (lab: string, steps: number) =>
      `A model trained in TinySeek's ${lab} for ${steps} step${steps === 1 ? '' : 's'}, as a Hugging Face folder: config.json, model.safetensors (float32), tokenizer.json, generation_config.json. Drop the files (or this zip) on TinySeek to explore it.`,
    settings: '## Settings',
    curves: (every: number) => `## Curves (${every === 1 ? 'every step' : `every ${every} steps, and the last`})`,
    none: 'no value',
  },
  labs: { balance: 'Balance lab', grpo: 'GRPO lab' },
  columns: {
    step: 'step',
    lmLoss: 'LM loss',
    expert: 'expert balance L/α',
    device: 'device balance L/α',
    comm: 'comm. balance L/α',
    maxLoad: 'max/mean load',
    dropped: 'dropped share',
    meanReward: 'mean reward',
    kl: 'KL',
    heldOut: 'held-out accuracy',
  },
};
