// Builds the web client into web/dist (run from the repository: `vite build web`), which `parley serve` serves.
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [preact()],
  build: {
    // Node 20's and today's browsers' JavaScript: no down-levelling of what the SDK uses.
    target: 'es2022',
    // Inline assets would need data: in more CSP directives; separate hashed files need nothing.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    rolldownOptions: {
      // The protocol is pure (ARCHITECTURE.md): saying so lets the bundle drop its zod schemas, which only the
      // server uses, instead of shipping them because building them looks like a side effect.
      treeshake: { moduleSideEffects: [{ test: /[\\/]src[\\/]protocol[\\/]/, sideEffects: false }] },
    },
  },
  server: {
    // `npm run dev:web` next to `npm run dev`: the page from Vite, the chat from the real server.
    proxy: { '/ws': { target: 'ws://127.0.0.1:8080', ws: true } },
    // The client imports the SDK and the protocol from ../src.
    fs: { allow: ['..'] },
  },
});
