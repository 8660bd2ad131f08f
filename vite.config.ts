import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is one Vite root; the same build is served by the browser-mode host
// and loaded by Electron through the app:// protocol.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
