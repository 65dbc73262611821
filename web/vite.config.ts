import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Built into the Python package so `pip install .` serves it without Node.
// Content-hashed names only: the same source always builds the same bytes.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "../graphql_api/web/dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
  server: { proxy: { "/graphql": "http://127.0.0.1:8000", "/auth": "http://127.0.0.1:8000" } },
  test: { environment: "jsdom" },
});
