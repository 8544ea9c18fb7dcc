/**
 * Builds the 4-lane SHA-256 kernel (WebAssembly SIMD, i32x4) the hashing worker uses for the CID's leaves:
 * the module's text (WAT) is generated here, with its 64 rounds unrolled, and assembled by `wabt` (npm, no
 * install script) into packages/web/src/lib/sha256x4.wasm.ts (the bytes, base64, checked in so the app's build
 * needs no assembler). `--check` fails when the checked-in bytes differ from what this source builds (a test runs
 * it in CI).     npx tsx packages/web/scripts/sha256x4.ts [--check]
 *
 * The module exports `memory` (grown by the caller) and `blocks(state, p0, p1, p2, p3, n)`: four independent
 * SHA-256 states at `state` (8 words × 4 lanes: word i of lane j at state + 16i + 4j, little-endian) each take n
 * 64-byte blocks, lane j's from pj. Padding and the digests' byte order are the caller's (sha256x4.ts).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import wabtInit from "wabt";

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
];

const rotr = (x: string, n: number) =>
  `(v128.or (i32x4.shr_u ${x} (i32.const ${n})) (i32x4.shl ${x} (i32.const ${32 - n})))`;
const xor3 = (a: string, b: string, c: string) => `(v128.xor (v128.xor ${a} ${b}) ${c})`;
const add = (...xs: string[]) => xs.reduce((acc, x) => `(i32x4.add ${acc} ${x})`);
const get = (name: string) => `(local.get $${name})`;

/** Byte shuffle taking 32-bit words of two vectors (word indices 0–7), each word byte-swapped (big-endian). */
function swapShuffle(words: number[], x: string, y: string): string {
  const lanes = words.flatMap((w) => [4 * w + 3, 4 * w + 2, 4 * w + 1, 4 * w]);
  return `(i8x16.shuffle ${lanes.join(" ")} ${x} ${y})`;
}
/** Shuffle taking 64-bit halves of two vectors (indices 0–3). */
function shuffle64(halves: number[], x: string, y: string): string {
  const lanes = halves.flatMap((h) => Array.from({ length: 8 }, (_, i) => 8 * h + i));
  return `(i8x16.shuffle ${lanes.join(" ")} ${x} ${y})`;
}

export function sha256x4Wat(): string {
  const out: string[] = [];
  const emit = (line: string) => out.push(line);
  const work = ["a", "b", "c", "d", "e", "f", "g", "h"];
  const w = (i: number) => `w${i % 16}`;
  // Words 4q..4q+3 of the block, one per lane, byte-swapped, then transposed so that each vector is one word.
  const loadQuarter = (q: number) => {
    const row = (lane: number) => `(v128.load offset=${16 * q} (local.get $p${lane}))`;
    emit(`(local.set $t0 ${swapShuffle([0, 4, 1, 5], row(0), row(1))})`);
    emit(`(local.set $t1 ${swapShuffle([2, 6, 3, 7], row(0), row(1))})`);
    emit(`(local.set $t2 ${swapShuffle([0, 4, 1, 5], row(2), row(3))})`);
    emit(`(local.set $t3 ${swapShuffle([2, 6, 3, 7], row(2), row(3))})`);
    emit(`(local.set $${w(4 * q)} ${shuffle64([0, 2], get("t0"), get("t2"))})`);
    emit(`(local.set $${w(4 * q + 1)} ${shuffle64([1, 3], get("t0"), get("t2"))})`);
    emit(`(local.set $${w(4 * q + 2)} ${shuffle64([0, 2], get("t1"), get("t3"))})`);
    emit(`(local.set $${w(4 * q + 3)} ${shuffle64([1, 3], get("t1"), get("t3"))})`);
  };
  let names = [...work];
  for (let t = 0; t < 64; t++) {
    if (t % 4 === 0 && t < 16) loadQuarter(t / 4);
    if (t >= 16) {
      const w2 = get(w(t - 2));
      const w15 = get(w(t - 15));
      const s1 = xor3(rotr(w2, 17), rotr(w2, 19), `(i32x4.shr_u ${w2} (i32.const 10))`);
      const s0 = xor3(rotr(w15, 7), rotr(w15, 18), `(i32x4.shr_u ${w15} (i32.const 3))`);
      emit(`(local.set $${w(t)} ${add(s1, get(w(t - 7)), s0, get(w(t)))})`);
    }
    const [a, b, c, d, e, f, g, h] = names.map(get);
    const sigma1 = xor3(rotr(e, 6), rotr(e, 11), rotr(e, 25));
    const ch = `(v128.bitselect ${f} ${g} ${e})`;
    const k = `(v128.const i32x4 ${Array(4)
      .fill(`0x${K[t].toString(16)}`)
      .join(" ")})`;
    emit(`(local.set $t0 ${add(h, sigma1, ch, k, get(w(t)))})`);
    const sigma0 = xor3(rotr(a, 2), rotr(a, 13), rotr(a, 22));
    const maj = `(v128.bitselect ${b} ${a} (v128.xor ${a} ${c}))`;
    emit(`(local.set $${names[3]} (i32x4.add ${d} (local.get $t0)))`);
    emit(`(local.set $${names[7]} ${add(get("t0"), sigma0, maj)})`);
    names = [names[7], ...names.slice(0, 7)];
  }
  const rounds = out.join("\n        ");
  const locals = [...work, ...Array.from({ length: 16 }, (_, i) => `w${i}`), "t0", "t1", "t2", "t3"]
    .map((n) => `(local $${n} v128)`)
    .join(" ");
  const loadState = work
    .map((n, i) => `(local.set $${n} (v128.load offset=${16 * i} (local.get $state)))`)
    .join("\n      ");
  const addState = work
    .map(
      (n, i) =>
        `(local.set $${n} (i32x4.add (local.get $${n}) (v128.load offset=${16 * i} (local.get $state))))\n      ` +
        `(v128.store offset=${16 * i} (local.get $state) (local.get $${n}))`,
    )
    .join("\n      ");
  return `(module
  (memory (export "memory") 1)
  (func (export "blocks") (param $state i32) (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $p3 i32) (param $n i32)
    ${locals}
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      ${loadState}
      (loop $block
        ${rounds}
      ${addState}
      (local.set $p0 (i32.add (local.get $p0) (i32.const 64)))
      (local.set $p1 (i32.add (local.get $p1) (i32.const 64)))
      (local.set $p2 (i32.add (local.get $p2) (i32.const 64)))
      (local.set $p3 (i32.add (local.get $p3) (i32.const 64)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $block (local.get $n)))))
)
`;
}

export async function sha256x4Wasm(): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat("sha256x4.wat", sha256x4Wat(), { simd: true });
  try {
    module.validate();
    return new Uint8Array(module.toBinary({ write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
}

export const sha256x4Target = resolve(import.meta.dirname, "../src/lib/sha256x4.wasm.ts");

export async function sha256x4Source(): Promise<string> {
  const base64 = Buffer.from(await sha256x4Wasm()).toString("base64");
  const lines = base64.match(/.{1,100}/g) ?? [];
  return `// Generated by packages/web/scripts/sha256x4.ts (its source): do not edit. The check runs in CI.
/** The 4-lane SHA-256 WebAssembly module (SIMD), base64. */
export const sha256x4Base64 =
${lines.map((l) => `  "${l}"`).join(" +\n")};
`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const source = await sha256x4Source();
  if (process.argv.includes("--check")) {
    if (readFileSync(sha256x4Target, "utf8") !== source) {
      console.error(`${sha256x4Target} differs from what scripts/sha256x4.ts builds: run it.`);
      process.exit(1);
    }
  } else writeFileSync(sha256x4Target, source);
}
