import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * `npm run web:dev` (hot reload): serves /config.json from the running `cairn dev`'s dev.json
 * (CAIRN_DATA_DIR or ./.cairn at the repository root), so the app talks to the local network.
 */
function devConfig(): Plugin {
  return {
    name: "cairn-dev-config",
    configureServer(server) {
      server.middlewares.use("/config.json", async (_req, res) => {
        const dataDir = process.env.CAIRN_DATA_DIR ?? resolve(import.meta.dirname, "../../.cairn");
        try {
          const { webConfigOf } = await import("../cli/src/dev/web-config.js");
          const dev = JSON.parse(readFileSync(resolve(dataDir, "dev.json"), "utf8"));
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify(webConfigOf(dev, process.env.CAIRN_RELAYER_URL)));
        } catch (error) {
          res.statusCode = 503;
          res.end(JSON.stringify({ error: `Start \`npm run cairn -- dev\` first (${(error as Error).message})` }));
        }
      });
    },
  };
}

export default defineConfig({
  base: "./",
  plugins: [react(), devConfig()],
  worker: { format: "es", rollupOptions: { external: [/^node:/] } },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // The SDK loads node:crypto / worker_threads lazily and only under Node: never in a browser.
      external: [/^node:/],
    },
  },
  optimizeDeps: { exclude: ["@cairn/sdk"] },
});
