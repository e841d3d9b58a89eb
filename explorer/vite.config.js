// Relative asset paths, so the built explorer works from any folder or sub-path. Rollup's notes
// about @polkadot's `/*#__PURE__*/` comment positions are harmless and left out of the output.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
});
