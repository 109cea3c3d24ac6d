/**
 * Light and dark themes: the reader picks one, or follows the system (prefers-color-scheme).
 * The choice is kept in localStorage; the theme in force is written to <html data-theme>, which
 * every stylesheet reads (styles.css holds the colours as CSS variables).
 */

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'tinyseek-theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

export const isThemeChoice = (v: unknown): v is ThemeChoice => v === 'system' || v === 'light' || v === 'dark';

/** The theme a choice means, given whether the system prefers dark. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** The stored choice; 'system' when none (or storage is blocked). */
export function readThemeChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return isThemeChoice(v) ? v : 'system';
  } catch {
    return 'system';
  }
}

let unlisten: (() => void) | null = null;

/** Puts a choice in force (and keeps following the system while the choice is 'system'). */
export function applyTheme(choice: ThemeChoice, store = true): void {
  const media = matchMedia(DARK_QUERY);
  const set = () => {
    const theme = resolveTheme(choice, media.matches);
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  };
  unlisten?.();
  unlisten = null;
  set();
  if (choice === 'system') {
    media.addEventListener('change', set);
    unlisten = () => media.removeEventListener('change', set);
  }
  if (!store) return;
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}
