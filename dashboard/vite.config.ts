/**
 * Builds the dashboard into dashboard/dist, which the Aviary server serves at `/`
 * (src/api/routes/dashboard-static.ts). Run: npx vite build --config dashboard/vite.config.ts
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  // No public/ folder: everything the page needs is imported, so it gets a hashed name.
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    // Hashed names under assets/ are what the server caches for a year.
    assetsDir: "assets",
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    // `npx vite --config dashboard/vite.config.ts` during development: the API runs on Aviary's port.
    proxy: { "/v0": "http://127.0.0.1:7181", "/flock.js": "http://127.0.0.1:7181" },
  },
});
