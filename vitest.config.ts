import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources under the "source" condition,
// so tests never run stale builds.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['{packages,apps}/*/src/**/*.test.ts', 'tools/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'node', testTimeout: 20_000 },
      },
      {
        extends: true,
        test: { name: 'dom', include: ['{packages,apps}/*/src/**/*.test.tsx', 'integration/**/*.test.tsx'], environment: 'jsdom', testTimeout: 20_000 },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['e2e/**/*.test.ts'], environment: 'node', testTimeout: 90_000, hookTimeout: 180_000, fileParallelism: false },
      },
    ],
  },
});
