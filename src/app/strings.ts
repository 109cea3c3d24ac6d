/**
 * Every user-facing string of the shell, the charts' data and download controls, and the
 * classroom features, in one place. A translation is another object of type `Strings`; the app
 * reads `S`, so swapping the object here translates everything that reads it.
 */

const en = {
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
