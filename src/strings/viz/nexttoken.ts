/** The strings of the Next token view (src/viz/nexttoken). */

export const nexttoken = {
  title: 'Next token',
  untrained: 'Recorded from untrained (random) weights: the predictions are nearly flat and not yet meaningful.',
  intro: (after: string, index: number) =>
    `After ${after} (position ${index}) the model gives every token in its vocabulary a probability; these are the ten most likely. Switch off experts, change how many experts the router picks, or turn off the shared experts, and the model runs again on tokens 0 to ${index} to show how the prediction would change. Both charts use the same scale; in the what-if chart a tick marks each token's recorded probability.`,
  recorded: 'Recorded',
  recordedData: 'Recorded next-token distribution',
  recordedCaption: (n: number, after: string) => `The ${n} most likely next tokens after ${after}, as recorded`,
  columns: ['rank', 'token', 'id', 'p'],
  whatIf: (changes: string) => `What if: ${changes}`,
  whatIfData: 'What-if next-token distribution',
  whatIfCaption: (n: number, after: string, changes: string) =>
    `The ${n} most likely next tokens after ${after} with ${changes}, and their recorded probability`,
  recordedP: 'recorded p',
  noWhatIf: 'No what-if distribution yet.',
  askWhatIf: 'Change a control below to ask the model “what if?”.',
  computing: 'Computing the what-if distribution…',
  describeRecorded: (n: number, after: string, top: string) =>
    `Bar chart: the ${n} most likely next tokens after ${after}, as recorded. Top: ${top}.`,
  describeWhatIf: (n: number, after: string, changes: string, top: string) =>
    `Bar chart: the ${n} most likely next tokens after ${after} with ${changes}. Top: ${top}.`,
  notInTop: 'not in top 10',
  changes: {
    topK: (k: number) => `top-k ${k}`,
    sharedOff: 'shared experts off',
    experts: (layer: string, es: number[]) => `layer ${layer}: expert${es.length > 1 ? 's' : ''} ${es.join(', ')} off`,
    none: 'none',
  },
  controls: {
    off: 'off',
    toggleName: (visible: string, expert: number, layer: number) =>
      `${visible}: switch off expert ${expert} in layer ${layer}`,
    layer: (l: number) => `Layer ${l}`,
    used: (l: number) => `Experts this token used in layer ${l}`,
    any: (max: number) => `Any expert (0–${max})`,
    switchOffName: (n: number | null, layer: number) =>
      n !== null ? `Switch off expert ${n} in layer ${layer}` : `Switch off an expert in layer ${layer}`,
    switchOff: 'Switch off',
    topK: 'Routed experts per token (top-k)',
    topKText: (k: number | null, model: number | null) => `${k} experts per token; the model uses ${model}`,
    topKNote: (model: number | null, reach: number) => `(model: ${model}, at most ${reach})`,
    shared: (n: number | null) => `Switch off the shared experts (${n} per layer)`,
    reset: 'Reset',
  },
};
