import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      // The entry files only call run(); everything they wire is tested in-process.
      exclude: ['src/actions/*/index.ts', 'src/tsconfig.json'],
      reporter: ['text', 'text-summary'],
      thresholds: { lines: 90, branches: 85 },
    },
  },
})
