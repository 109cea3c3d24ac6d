/** The header's page tabs: Explore and each lab. Hidden while there are no labs to switch to. */
import { EXPLORE, LAB_PAGES } from './pages';
import { S } from '../strings';

export interface PageTabsProps {
  /** the page shown. */
  page: string;
  /** called with the page id a tab opens. */
  onPage: (id: string) => void;
}

export function PageTabs({ page, onPage }: PageTabsProps) {
  if (LAB_PAGES.length === 0) return null;
  const pages = [{ id: EXPLORE, label: S.pages.explore }, ...LAB_PAGES];
  return (
    <nav className="page-tabs" aria-label={S.pages.nav}>
      {pages.map((p) => (
        <button key={p.id} type="button" aria-current={p.id === page ? 'page' : undefined} onClick={() => onPage(p.id)}>
          {p.label}
        </button>
      ))}
    </nav>
  );
}
