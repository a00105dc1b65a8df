import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  build: { outDir: '../../../artifacts/bench-baseline', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
});
