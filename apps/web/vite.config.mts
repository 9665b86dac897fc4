import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react-swc';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const __dirname = path.dirname(fileURLToPath(import.meta.url));

// The web app: `npm run web:dev` serves it with hot reload and proxies the api (API_ORIGIN, default
// http://127.0.0.1:3000, where `npm start` runs it); `npm run build` writes it to dist/web, which the api serves at /.
const api = process.env.API_ORIGIN ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: __dirname,
  plugins: [react()],
  // The one server folder the web may import: the Chinese status labels (plain data). Only this exact path is
  // aliased, so nothing else of libs/ (or the server) can reach the bundle.
  resolve: { alias: [{ find: /^@app\/domain\/labels$/, replacement: path.resolve(__dirname, '../../libs/domain/src/labels/index.ts') }] },
  build: {
    outDir: path.resolve(__dirname, '../../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Big libraries in chunks of their own, so a page's code stays small and the libraries stay cached.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: { '/api': api, '/docs': api, '/health': api, '/admin': api },
  },
});
