// Ponder 0.16's bloom checks of live blocks, without hashing the same input again and again. For each live block Ponder
// checks every log's address and topics against the block's logs bloom (a validation of the RPC's answer), and every
// filter's against it (to skip blocks), each check converting the 512-digit bloom to bytes and hashing its input with
// keccak256: ~1,000 hashes a block of 267 events, 9 % of Ponder's thread in live mode and ~0.4 s of the 30 blocks a
// cold start indexes live (a --cpu-prof). The inputs repeat — a contract's address, its events' selectors, a dataset
// id, a contributor — so their hashes are kept (a bounded map), and the last bloom's bytes.
// config/ponder-hooks.mjs makes Ponder's `isInBloom` read its bloom and hash through `bloomInputs`.

/** Hashes kept at most; past it the map starts again (a content hash is new with each contribution). */
export const keptHashes = 4096;

/**
 * `bloomBytes(bloom)` and `hashBytes(input)`: what `hexToBytes(bloom)` and `hexToBytes(keccak256(input))` answer (with
 * the `hexToBytes` and `keccak256` given: Ponder's own viem), from memory when asked before. Callers only read them.
 * @param {(hex: string) => Uint8Array} hexToBytes
 * @param {(hex: string) => string} keccak256
 */
export function bloomInputs(hexToBytes, keccak256) {
  /** @type {Map<string, Uint8Array>} */
  const hashes = new Map();
  let lastBloom = "";
  /** @type {Uint8Array} */
  let lastBloomBytes = new Uint8Array();
  return {
    bloomBytes(/** @type {string} */ bloom) {
      if (bloom !== lastBloom) {
        lastBloomBytes = hexToBytes(bloom);
        lastBloom = bloom;
      }
      return lastBloomBytes;
    },
    hashBytes(/** @type {string} */ input) {
      let hash = hashes.get(input);
      if (hash === undefined) {
        if (hashes.size >= keptHashes) hashes.clear();
        hash = hexToBytes(keccak256(input));
        hashes.set(input, hash);
      }
      return hash;
    },
  };
}
