type Hex = `0x${string}`;
/** Hashes kept at most. */
export declare const keptHashes: number;
/** `hexToBytes(bloom)` and `hexToBytes(keccak256(input))`, remembered. */
export declare function bloomInputs(
  hexToBytes: (hex: Hex) => Uint8Array,
  keccak256: (hex: Hex) => Hex,
): { bloomBytes(bloom: Hex): Uint8Array; hashBytes(input: Hex): Uint8Array };
