/** The offer to reload into a new release (src/offline/UpdateBanner.tsx). */
export const release = {
  ready: 'A new version of TinySeek is ready.',
  reload: 'Reload',
  later: 'Later',
  laterLabel: 'Later: keep this version until the page is closed',
};
