import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { serviceWorkerPlugin } from './src/offline/swPlugin.ts';

export default defineConfig({
  // the service worker (offline use) is written by production builds only
  plugins: [react(), serviceWorkerPlugin()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { target: 'es2022', sourcemap: true },
});
