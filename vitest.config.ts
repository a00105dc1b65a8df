import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources under the "source" condition,
// so tests never run stale builds.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
  test: {
    // Hosts and CLIs started by tests keep their per-workspace indexes here, not in the user's cache.
    env: { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'marie-test-cache-')) },
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
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // A busy 2-core CI machine (the host indexing in the background) can take over vitest's 1 s default.
          expect: { poll: { timeout: 5_000 } },
        },
      },
    ],
  },
});
