// Builds the renderer (a plain web app, DESIGN §1) into renderer/dist: served by `docdesk web` and loaded by the
// Electron window from disk, hence relative asset URLs (base './'). No inline script is emitted, so the strict
// CSP of both carriers (script-src 'self') holds.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Inline assets would become data: URLs that a strict CSP may refuse; keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    // One bundle for a desktop app loaded from disk or loopback: size matters little, request count not at all.
    chunkSizeWarningLimit: 2000,
  },
});
