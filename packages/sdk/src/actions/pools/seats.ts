import { encodeAbiParameters, keccak256 } from "../../internal/evm.js";

/**
 * The member index that holds `seat` of a review, as the pool computes it:
 * `keccak256(abi.encode(uint64 seed, uint256 seat)) mod poolSize`.
 *
 * @example
 * ```ts
 * const index = seatIndex(assignment.seed, 0, assignment.poolSize);
 * ```
 */
export function seatIndex(seed: bigint, seat: number, poolSize: number): number {
  const h = keccak256(encodeAbiParameters([{ type: "uint64" }, { type: "uint256" }], [seed, BigInt(seat)]));
  return Number(BigInt(h) % BigInt(poolSize));
}

/** The seat numbers set in a 16-bit seat map, lowest first. */
export function seatsOf(map: number): number[] {
  const seats: number[] = [];
  for (let s = 0; s < 16; s++) if (map & (1 << s)) seats.push(s);
  return seats;
}
