import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
    // Each test file's process drops the caller's DOCDESK_* variables and gets a UTF-8 locale.
    setupFiles: ['test/helpers/hermetic-setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit+integration', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'] } },
      // Browser tests drive real Chromium against `docdesk web` (a child process with the embedded sandbox):
      // a whole send or seeding 500,000 documents takes minutes on a slow 2-core machine, and two browsers at
      // once would only slow each other down. They need renderer/dist (`npx vite build`, run by `npm test`).
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.e2e.test.ts'], testTimeout: 180_000, hookTimeout: 300_000, fileParallelism: false },
      },
    ],
  },
});
