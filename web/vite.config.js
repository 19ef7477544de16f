// Builds the page into dist/ with fixed file names: host-test/src/page.rs embeds
// dist/index.html, dist/assets/app.js and dist/assets/app.css.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // One script and one style sheet, named the same on every build.
    cssCodeSplit: false,
    // React, react-jsonschema-form and Ajv in one script, served from loopback: no split.
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      output: {
        entryFileNames: 'assets/app.js',
        chunkFileNames: 'assets/app-[name].js',
        assetFileNames: (asset) => (asset.names?.some((n) => n.endsWith('.css')) ? 'assets/app.css' : 'assets/[name][extname]'),
        codeSplitting: false,
      },
    },
  },
});
