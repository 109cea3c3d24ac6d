import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useAppStore } from '../state/store';
import { App } from './App';
import { startRuntime } from './startRuntime';
import { applyTheme, readThemeChoice } from './theme';
import { restoreFromHash } from './useUrlSync';
import { registerServiceWorker } from '../offline/register';
import { restoreClassroom } from '../classroom/Classroom';
import { preloadViews } from './viewChunks';
import './styles.css';

applyTheme(readThemeChoice(), false);
const initialSelection = restoreFromHash(location.hash);
restoreClassroom(location.search);
startRuntime();
// The views' code is not part of the first page: fetch it once there is a model to show.
const unsubscribe = useAppStore.subscribe((s) => {
  if (!s.model) return;
  unsubscribe();
  preloadViews();
});
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App initialSelection={initialSelection} />
  </StrictMode>,
);
registerServiceWorker();
