import { defineConfig } from 'vite';

// The console is served by the bundle from /, next to the API, so it needs no CORS and no base path.
// `npm run dev` proxies the API to a running Dayuan (DAYUAN_URL, default the README's localhost:8181).
const api = process.env.DAYUAN_URL || 'http://localhost:8181';

export default defineConfig({
  root: 'web',
  base: '/',
  build: {
    outDir: process.env.CONSOLE_OUT || '../target/classes/console',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // three and echarts change less often than the console: separate files cache better
        manualChunks(id) {
          if (id.includes('node_modules/three')) return 'three';
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
});
