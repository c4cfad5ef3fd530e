import { vitePlugin as remix } from '@remix-run/dev';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

const serverPackages = ['@cardshop/domain', '@cardshop/db', '@cardshop/api'];

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [
    tailwindcss(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
      },
    }),
  ],
  // The server bundle imports the domain at run time, so loaders and the Hono server share one
  // copy of it (and one database pool) in the process.
  ssr: { external: serverPackages },
  build: {
    chunkSizeWarningLimit: 1000,
    rollupOptions: { external: isSsrBuild ? serverPackages : [] },
  },
}));
