// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IContributionRegistry} from "../interfaces/IContributionRegistry.sol";

/// @notice A contribution's whole on-chain state in one word, read and written with one SLOAD and one
/// SSTORE: registration costs a single new slot and a vote updates that same slot in place.
/// Layout (bit 0 = least significant):
///   [0, 160)   contributor
///   [160, 168) status (IContributionRegistry.ContributionStatus)
///   [168, 176) score, once accepted (1..100)
///   [176, 184) accepts
///   [184, 192) rejects
///   [192, 208) scoreSum of the accepting votes
///   [208, 256) votedSeats: bit i set when curator seat i has voted
/// A `Provisional` contribution (auto-accepted during its dataset's challenge period) has no votes; its
/// score field holds the score it will be accepted with, and [192, 256) the time from which it can be
/// confirmed (`acceptableAt`).
type ContributionRecord is uint256;

using ContributionRecordLib for ContributionRecord global;

/// @notice Accessors and constructors of `ContributionRecord`.
library ContributionRecordLib {
    uint256 private constant STATUS_SHIFT = 160;
    uint256 private constant SCORE_SHIFT = 168;
    uint256 private constant ACCEPTS_SHIFT = 176;
    uint256 private constant REJECTS_SHIFT = 184;
    uint256 private constant SCORE_SUM_SHIFT = 192;
    uint256 private constant SEATS_SHIFT = 208;
    uint256 private constant ADDRESS_MASK = (1 << 160) - 1;

    function create(
        address contributor_,
        IContributionRegistry.ContributionStatus status_,
        uint8 score_
    ) internal pure returns (ContributionRecord) {
        return
            ContributionRecord.wrap(
                uint256(uint160(contributor_)) | (uint256(status_) << STATUS_SHIFT) | (uint256(score_) << SCORE_SHIFT)
            );
    }

    /// @notice A contribution auto-accepted with `score_` once `acceptableAt_` has come, unless a curator rejects it.
    function createProvisional(
        address contributor_,
        uint8 score_,
        uint64 acceptableAt_
    ) internal pure returns (ContributionRecord) {
        return
            ContributionRecord.wrap(
                uint256(uint160(contributor_)) |
                    (uint256(IContributionRegistry.ContributionStatus.Provisional) << STATUS_SHIFT) |
                    (uint256(score_) << SCORE_SHIFT) |
                    (uint256(acceptableAt_) << SCORE_SUM_SHIFT)
            );
    }

    /// @notice When a provisional contribution can be confirmed (meaningless in any other status).
    function acceptableAt(ContributionRecord self) internal pure returns (uint64) {
        return uint64(ContributionRecord.unwrap(self) >> SCORE_SUM_SHIFT);
    }

    function contributor(ContributionRecord self) internal pure returns (address) {
        return address(uint160(ContributionRecord.unwrap(self) & ADDRESS_MASK));
    }

    function status(ContributionRecord self) internal pure returns (IContributionRegistry.ContributionStatus) {
        return IContributionRegistry.ContributionStatus(uint8(ContributionRecord.unwrap(self) >> STATUS_SHIFT));
    }

    function score(ContributionRecord self) internal pure returns (uint8) {
        return uint8(ContributionRecord.unwrap(self) >> SCORE_SHIFT);
    }

    function accepts(ContributionRecord self) internal pure returns (uint8) {
        return uint8(ContributionRecord.unwrap(self) >> ACCEPTS_SHIFT);
    }

    function rejects(ContributionRecord self) internal pure returns (uint8) {
        return uint8(ContributionRecord.unwrap(self) >> REJECTS_SHIFT);
    }

    function scoreSum(ContributionRecord self) internal pure returns (uint16) {
        return uint16(ContributionRecord.unwrap(self) >> SCORE_SUM_SHIFT);
    }

    function votedSeats(ContributionRecord self) internal pure returns (uint48) {
        return uint48(ContributionRecord.unwrap(self) >> SEATS_SHIFT);
    }

    function withStatus(
        ContributionRecord self,
        IContributionRegistry.ContributionStatus status_
    ) internal pure returns (ContributionRecord) {
        uint256 word = ContributionRecord.unwrap(self) & ~(uint256(0xff) << STATUS_SHIFT);
        return ContributionRecord.wrap(word | (uint256(status_) << STATUS_SHIFT));
    }

    /// @notice The record with one more vote from `seat` (< 48). The caller guarantees one vote per seat,
    /// so accepts, rejects (<= 48) and scoreSum (<= 4,800) cannot carry into the next field.
    function withVote(
        ContributionRecord self,
        uint8 seat,
        bool accept,
        uint8 score_
    ) internal pure returns (ContributionRecord) {
        uint256 word = ContributionRecord.unwrap(self) | (uint256(1) << (SEATS_SHIFT + seat));
        word +=
            accept
                ? (uint256(1) << ACCEPTS_SHIFT) | (uint256(score_) << SCORE_SUM_SHIFT)
                : (uint256(1) << REJECTS_SHIFT);
        return ContributionRecord.wrap(word);
    }

    /// @notice The record marked accepted with `score_`.
    function withAcceptance(ContributionRecord self, uint8 score_) internal pure returns (ContributionRecord) {
        uint256 word = ContributionRecord.unwrap(self) & ~(uint256(0xffff) << STATUS_SHIFT);
        return
            ContributionRecord.wrap(
                word |
                    (uint256(IContributionRegistry.ContributionStatus.Accepted) << STATUS_SHIFT) |
                    (uint256(score_) << SCORE_SHIFT)
            );
    }
}
