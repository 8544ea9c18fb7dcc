// Read by Ponder's build (its Vite server, with this folder as root), before the config. Two things: the JSON-RPC
// relay starts here (below), and `import … from "ponder"` in the config, the schema and the API gets the Ponder that
// runs them (loaded once, natively) instead of a copy. Left alone, Vite's module runner (vite-node) does not
// externalize a package file under `/esm/`, so it transformed Ponder's whole `dist/esm` module graph again on every
// start (~1.2–1.7 s of a cold start, measured).
import * as ponder from "ponder";
import { loadSettings } from "./config/settings.js";
import { sharedRpcRelay } from "./config/transport.js";

// The JSON-RPC relay's worker thread (config/transport.ts) takes 0.1–0.25 s to start, and Ponder waits for its URLs
// in the config. Ponder reads this file ~1 s before it runs the config: the relay starts here, the config gets the
// same one (one relay per upstream and lane count in the process). Settings that fail here fail in the config.
try {
  const settings = loadSettings(process.env);
  sharedRpcRelay(settings.rpcUrl, settings.rpcLanes).catch(() => {});
} catch {}

const nativePonder = "cairn:native-ponder";

export default {
  // Vite's file watcher (which `ponder dev` reloads on) crawled and watched everything under this folder that is not
  // node_modules, .git or Vite's own cache — `.ponder/` included: Node's compile cache (thousands of files), the PGlite
  // templates, and PGlite's data folder by default (a watch event for each write of the database). ~0.7 s of each
  // start's main thread went to its stat calls (measured); Ponder ignores changes there anyway.
  server: { watch: { ignored: ["**/.ponder/**", "**/generated/**"] } },
  plugins: [
    {
      name: "cairn-native-ponder",
      enforce: "pre" as const,
      resolveId: (source: string) => (source === "ponder" ? nativePonder : null),
      load(id: string) {
        if (id !== nativePonder) return null;
        (globalThis as { cairnNativePonder?: typeof ponder }).cairnNativePonder = ponder;
        return Object.keys(ponder)
          .map((name) => `export const ${name} = globalThis.cairnNativePonder.${name};`)
          .join("\n");
      },
    },
  ],
};
