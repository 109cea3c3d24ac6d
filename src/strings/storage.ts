/** What the app keeps on this device, and clearing it (src/offline/StoragePanel.tsx). */
export const storage = {
  summary: 'Stored on this device',
  intro:
    'For offline use, your browser keeps a copy of TinySeek and its shipped model. Nothing you type or drop is stored.',
  reading: 'Reading what is stored…',
  none: 'Nothing is stored yet: the built app stores itself once a model has loaded (the development server never does).',
  caption: 'What is stored for offline use',
  columns: ['What', 'Files', 'Size'] as const,
  app: 'The app (page, code, wasm)',
  model: (name: string) => `Model ${name}`,
  total: 'Total',
  quota: (used: string, quota: string) => `This site uses ${used} of the ${quota} the browser allows it.`,
  clear: 'Remove the offline copy',
  confirm:
    'Remove the offline copy of TinySeek? The page keeps working while online, and a later visit stores it again.',
  cleared: (size: string) => `Removed ${size}. TinySeek stores itself again on your next visit.`,
  failed: (why: string) => `Could not read or clear the offline copy: ${why}`,
};
