// Read by Ponder's build (its Vite server, with this folder as root). One thing only: `import … from "ponder"` in
// the config, the schema and the API gets the Ponder that runs them (loaded once, natively) instead of a copy. Left
// alone, Vite's module runner (vite-node) does not externalize a package file under `/esm/`, so it transformed
// Ponder's whole `dist/esm` module graph again on every start (~1.2–1.7 s of a cold start, measured).
import * as ponder from "ponder";

const nativePonder = "cairn:native-ponder";

export default {
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
