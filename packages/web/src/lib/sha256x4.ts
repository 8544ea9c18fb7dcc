import { sha256x4Base64 } from "./sha256x4.wasm.js";

/** Where the module's memory holds the four states (128 bytes) and the four lanes' last blocks (2 × 64 each). */
const stateAt = 0;
const tailsAt = 128;
const dataAt = 1024;
const page = 64 * 1024;
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

type Kernel = {
  memory: WebAssembly.Memory;
  blocks: (state: number, p0: number, p1: number, p2: number, p3: number, n: number) => void;
};

/**
 * SHA-256 of four inputs at once, one per lane of WebAssembly SIMD (i32x4; the kernel is built from
 * scripts/sha256x4.ts): independent inputs of equal length (the CID's leaves) cost about one scalar hash's
 * instructions for four. The inputs live in the module's memory: `alloc` gives the buffer to read a file into,
 * and `digest` hashes regions of it in place (no copy).
 */
export class Sha256x4 {
  private constructor(private readonly kernel: Kernel) {}

  /** Undefined where WebAssembly or its SIMD is missing (the caller keeps its other paths). */
  static async create(): Promise<Sha256x4 | undefined> {
    if (typeof WebAssembly !== "object") return undefined;
    try {
      const bytes = Uint8Array.from(atob(sha256x4Base64), (c) => c.charCodeAt(0));
      const { instance } = await WebAssembly.instantiate(bytes);
      return new Sha256x4(instance.exports as unknown as Kernel);
    } catch {
      return undefined; // no SIMD: the module does not compile
    }
  }

  /**
   * A zeroed buffer of `size` bytes in the module's memory, for `digest`. One at a time: a later `alloc`
   * reuses the same bytes. Throws a RangeError when the memory cannot grow that far.
   */
  alloc(size: number): Uint8Array<ArrayBuffer> {
    const { memory } = this.kernel;
    const needed = Math.ceil((dataAt + size) / page) - memory.buffer.byteLength / page;
    if (needed > 0) memory.grow(needed);
    const buffer = new Uint8Array(memory.buffer as ArrayBuffer, dataAt, size);
    buffer.fill(0);
    return buffer;
  }

  /** The sha256 of 1 to 4 regions of equal length of the buffer `alloc` gave. */
  digest(inputs: Uint8Array[]): Uint8Array[] {
    const { memory, blocks } = this.kernel;
    const length = inputs[0]?.length ?? 0;
    if (inputs.length < 1 || inputs.length > 4) throw new RangeError("From 1 to 4 inputs at a time.");
    for (const input of inputs) {
      if (input.buffer !== memory.buffer) throw new RangeError("The inputs must be in the buffer alloc gave.");
      if (input.length !== length) throw new RangeError("The inputs must have the same length.");
    }
    const ptr = (lane: number) => (inputs[lane] ?? inputs[0]).byteOffset;
    const words = new Uint32Array(memory.buffer, stateAt, 32);
    for (let i = 0; i < 8; i++) words.fill(IV[i], 4 * i, 4 * i + 4);
    const full = Math.floor(length / 64);
    blocks(stateAt, ptr(0), ptr(1), ptr(2), ptr(3), full);
    // The last blocks: the rest of each input, 0x80, zeros, the length in bits (big-endian 64-bit).
    const rest = length - full * 64;
    const tailBlocks = rest + 9 <= 64 ? 1 : 2;
    const tails = new Uint8Array(memory.buffer, tailsAt, 4 * 128);
    const view = new DataView(memory.buffer, tailsAt, 4 * 128);
    tails.fill(0);
    for (let lane = 0; lane < 4; lane++) {
      const at = lane * 128;
      const input = inputs[lane] ?? inputs[0];
      tails.set(input.subarray(full * 64), at);
      tails[at + rest] = 0x80;
      view.setUint32(at + tailBlocks * 64 - 8, Math.floor(length / 0x20000000));
      view.setUint32(at + tailBlocks * 64 - 4, (length << 3) >>> 0);
    }
    blocks(stateAt, tailsAt, tailsAt + 128, tailsAt + 256, tailsAt + 384, tailBlocks);
    const state = new Uint32Array(memory.buffer, stateAt, 32);
    return inputs.map((_, lane) => {
      const out = new Uint8Array(32);
      const digest = new DataView(out.buffer);
      for (let i = 0; i < 8; i++) digest.setUint32(4 * i, state[4 * i + lane]);
      return out;
    });
  }
}
