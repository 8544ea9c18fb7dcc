// Ponder's bloom checks with their hashes remembered (config/bloom-memo.mjs) answer what Ponder's own `isInBloom`
// answers: the rewritten module of the Ponder installed and the original, side by side, on real blocks' blooms (made
// from logs' addresses and topics as Ethereum makes them) and inputs that are in them or not, asked repeatedly and
// past the bound of kept hashes.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bytesToHex, type Hex, hexToBytes, keccak256, toHex } from "viem";
import { bloomInputs, keptHashes } from "../config/bloom-memo.mjs";
import { bloomChecksRemembered } from "../config/ponder-rewrites.mjs";

const ponderBloom = fileURLToPath(
  new URL("../../../node_modules/ponder/dist/esm/sync-realtime/bloom.js", import.meta.url),
);
type IsInBloom = (bloom: Hex, input: Hex) => boolean;

/** A logs bloom holding `inputs`, as a block's: three bits of each input's keccak256 in 2,048. */
function bloomOf(inputs: Hex[]): Hex {
  const bloom = new Uint8Array(256);
  for (const input of inputs) {
    const hash = hexToBytes(keccak256(input));
    for (const i of [0, 2, 4]) {
      const bit = ((hash[i] as number) * 256 + (hash[i + 1] as number)) & 0x7ff;
      bloom[255 - Math.floor(bit / 8)] = (bloom[255 - Math.floor(bit / 8)] as number) | (1 << (bit % 8));
    }
  }
  return bytesToHex(bloom);
}

const word = (n: number) => toHex(n, { size: 32 });
const address = (n: number) => toHex(n * 7919 + 1, { size: 20 });

describe("live blocks' bloom checks, with their hashes remembered", () => {
  it("answer what Ponder's own isInBloom answers", async () => {
    const original = ((await import(ponderBloom)) as { isInBloom: IsInBloom }).isInBloom;
    // The rewritten module, beside a copy whose relative imports point at the installed Ponder.
    const rewritten = bloomChecksRemembered(await readFile(ponderBloom, "utf8"));
    assert.ok(rewritten, "the rewrite applies to the Ponder installed");
    // In this package's .ponder folder, so that the copy's `import … from "viem"` finds Ponder's viem.
    const ponderDir = fileURLToPath(new URL("../.ponder/", import.meta.url));
    await mkdir(ponderDir, { recursive: true });
    const dir = await mkdtemp(join(ponderDir, "bloom-test-"));
    try {
      const file = join(dir, "bloom.mjs");
      const esm = pathToFileURL(join(ponderBloom, "..", "..")).href;
      await writeFile(file, rewritten.replaceAll("'../", `'${esm}/`).replaceAll('"../', `"${esm}/`));
      const remembered = ((await import(pathToFileURL(file).href)) as { isInBloom: IsInBloom }).isInBloom;
      let checks = 0;
      let inBloom = 0;
      // 40 blocks of 60 logs each (a few addresses, selectors and small ids repeat; content hashes do not): every
      // input of a block is in its bloom, and inputs of other blocks mostly are not.
      for (let b = 0; b < 40; b++) {
        const inputs = Array.from({ length: 60 }, (_, i) => [address(i % 3), word(i % 5), word(b * 1000 + i)]).flat();
        const bloom = bloomOf(inputs);
        const asked = [...inputs, ...Array.from({ length: 60 }, (_, i) => word(7_000_000 + b * 100 + i))];
        for (const input of [...asked, ...asked]) {
          const answer = original(bloom, input);
          assert.equal(remembered(bloom, input), answer, `block ${b}, ${input}`);
          checks++;
          if (answer) inBloom++;
        }
      }
      // Not vacuous: both answers occur, and more inputs were hashed than the map keeps.
      assert.ok(inBloom > checks / 3 && inBloom < checks, `${inBloom} of ${checks}`);
      assert.ok(checks / 2 > keptHashes);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("give the bytes hexToBytes and keccak256 give, past the bound and with blooms alternating", () => {
    const { bloomBytes, hashBytes } = bloomInputs(hexToBytes, keccak256);
    const blooms = [bloomOf([word(1)]), bloomOf([word(2)])];
    for (let i = 0; i < keptHashes * 2 + 10; i++) {
      const input = word(i % (keptHashes + 7));
      assert.deepEqual(hashBytes(input), hexToBytes(keccak256(input)));
      const bloom = blooms[i % 2] as Hex;
      assert.deepEqual(bloomBytes(bloom), hexToBytes(bloom));
    }
  });
});
