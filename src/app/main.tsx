import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useAppStore } from '../state/store';
import { App } from './App';
import { Embed, embedFromUrl } from './Embed';
import { startRuntime } from './startRuntime';
import { applyTheme, readThemeChoice } from './theme';
import { restoreFromHash } from './useUrlSync';
import { registerServiceWorker, release } from '../offline/register';
import { UpdateBanner } from '../offline/UpdateBanner';
import { restoreClassroom } from '../classroom/Classroom';
import { preloadViews } from './viewRegistry';
import './styles.css';

applyTheme(readThemeChoice(), false);
const initialSelection = restoreFromHash(location.hash);
const embed = embedFromUrl(location.search);
if (embed === null) restoreClassroom(location.search);
startRuntime();
// The views' code is not part of the first page: fetch it once there is a model to show (an
// embedded view loads only its own).
if (embed === null) {
  const unsubscribe = useAppStore.subscribe((s) => {
    if (!s.model) return;
    unsubscribe();
    preloadViews();
  });
}
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {embed === null ? (
      <App initialSelection={initialSelection} />
    ) : (
      <Embed id={embed} initialSelection={initialSelection} />
    )}
    <UpdateBanner watch={release} />
  </StrictMode>,
);
// Offline use starts once the first model load has settled: the service worker then takes the
// files the page has just downloaded from the HTTP cache instead of downloading them again.
const settled = () => ['ready', 'error'].includes(useAppStore.getState().loadState);
if (settled()) registerServiceWorker();
else {
  const unsubscribe = useAppStore.subscribe(() => {
    if (!settled()) return;
    unsubscribe();
    registerServiceWorker();
  });
}
