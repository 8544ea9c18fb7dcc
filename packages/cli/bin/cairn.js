#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step.
import module from "node:module";
import { register } from "tsx/esm/api";

// V8's on-disk code cache (Node >= 22.1): later runs load the large dependency graph faster.
try {
  module.enableCompileCache?.();
} catch {}
register();
await import("../src/main.ts");
