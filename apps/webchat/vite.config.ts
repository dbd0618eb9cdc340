import { defineConfig } from 'vite';

/**
 * The customer's web chat: its own small build (no React, no Mantine, no staff strings), served by
 * the api at /chat (and /survey), with the embeddable launcher at /widget.js.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/chat/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2020' },
  server: {
    port: 5174,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
