import { en, type Messages } from "./en.js";
import { fr } from "./fr.js";
import { sw } from "./sw.js";

/** Every catalogue at once, for tests and tools (the app loads them one at a time: see index.tsx). */
export const catalogues = { en, fr, sw } as const satisfies Record<string, Messages>;
