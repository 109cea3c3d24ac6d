/**
 * The app's pages, shown as tabs in the header: Explore (the live views of the loaded model) and
 * the labs. Each lab is loaded on demand, so its code is not part of the first page load.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface LabPage {
  /** the page id, as it appears in the URL (`#page=…`). */
  id: string;
  /** the tab label. */
  label: string;
  /** the page, loaded when first opened. */
  component: LazyExoticComponent<ComponentType>;
}

/** The page every visit starts on. */
export const EXPLORE = 'explore';

/** A page component loaded on first use from a module whose default export it is. */
export const lazyPage = (load: () => Promise<{ default: ComponentType }>) => lazy(load);

/** The labs, in tab order. One entry per lab: `{ id, label, component: lazyPage(() => import('./labs/X')) }`. */
export const LAB_PAGES: LabPage[] = [
  { id: 'balance-lab', label: 'Balance lab', component: lazyPage(() => import('./labs/BalanceLab')) },
  { id: 'grpo', label: 'GRPO lab', component: lazyPage(() => import('./labs/GrpoLab')) },
];

export const isPageId = (id: string): boolean => id === EXPLORE || LAB_PAGES.some((p) => p.id === id);
