import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startRuntime } from './startRuntime';
import { restoreFromHash } from './useUrlSync';
import './styles.css';

const initialSelection = restoreFromHash(location.hash);
startRuntime();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App initialSelection={initialSelection} />
  </StrictMode>,
);
