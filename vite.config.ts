/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { buildArtefacts } from './scripts/build/precompress';

const APP_CORE =
  /[\\/]node_modules[\\/]react[\\/]|[\\/]src[\\/](components[\\/]ui[\\/](Button|ErrorState|Skeleton)|lib[\\/]useSlowPending)\.tsx?$/;

// The dev server proxies the API (and /config.json) to the local platform,
// started by `npm run dev` on API_PORT.
const apiTarget = `http://127.0.0.1:${process.env.API_PORT ?? '8080'}`;

export default defineConfig({
  plugins: [react(), tailwindcss(), buildArtefacts()],
  // The shared room, as tsconfig.base.json's `paths` names it.
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  worker: { format: 'es' },
  // Source maps are 'hidden' (no sourceMappingURL in the served files) and
  // moved with the manifest to dist-debug/ by buildArtefacts(), which also
  // writes .br and .gz beside every asset (see docs/deploy.md).
  build: {
    outDir: 'dist',
    sourcemap: 'hidden',
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React and the UI every app page renders at once (the loading
            // rows, a button, the error state): one file with the app's start
            // instead of four sub-kilobyte ones (each page 0.6-0.7 KB gzip
            // less). Only these modules, not their dependencies: nothing of
            // it reaches the sign-in page (see scripts/size-budget.ts).
            {
              name: 'app-core',
              test: (id: string) => APP_CORE.test(id),
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['src/test/setup.ts'],
          // room for the 10 s waits of src/test/setup.ts on a busy machine
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'shared',
          environment: 'node',
          include: ['shared/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['server/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'tooling',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
