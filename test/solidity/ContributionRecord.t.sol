// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IContributionRegistry} from "../../contracts/interfaces/IContributionRegistry.sol";
import {ContributionRecord, ContributionRecordLib} from "../../contracts/types/ContributionRecord.sol";
import {CairnTest} from "./utils/CairnTest.sol";

/// @notice `ContributionRecord` packs a contribution into one word: every field reads back what was written,
/// and every update leaves the other fields alone.
contract ContributionRecordTest is CairnTest {
    function _status(uint256 seed) private pure returns (IContributionRegistry.ContributionStatus) {
        return IContributionRegistry.ContributionStatus(bound(seed, 0, 4));
    }

    function test_create_roundTripsAnyFields(address contributor, uint256 statusSeed, uint8 score) public pure {
        IContributionRegistry.ContributionStatus status = _status(statusSeed);
        ContributionRecord c = ContributionRecordLib.create(contributor, status, score);
        assertEq(c.contributor(), contributor, "contributor");
        assertEq(uint256(c.status()), uint256(status), "status");
        assertEq(c.score(), score, "score");
        assertEq(c.accepts(), 0, "accepts");
        assertEq(c.rejects(), 0, "rejects");
        assertEq(c.scoreSum(), 0, "scoreSum");
        assertEq(c.votedSeats(), 0, "votedSeats");
    }

    /// @notice Any sequence of distinct-seat votes is counted exactly, and never disturbs contributor or status.
    function test_withVote_countsEveryVoteAndKeepsOtherFields(
        address contributor,
        uint48 seatMask,
        uint48 acceptMask,
        uint256 scoreSeed
    ) public pure {
        ContributionRecord c = ContributionRecordLib.create(
            contributor,
            IContributionRegistry.ContributionStatus.Pending,
            0
        );
        uint256 accepts;
        uint256 rejects;
        uint256 scoreSum;
        for (uint8 seat; seat < 48; ++seat) {
            if (seatMask & (uint48(1) << seat) == 0) continue;
            bool accept = acceptMask & (uint48(1) << seat) != 0;
            uint8 score = uint8(bound(uint256(keccak256(abi.encode(scoreSeed, seat))), 1, 100));
            c = c.withVote(seat, accept, score);
            if (accept) {
                ++accepts;
                scoreSum += score;
            } else {
                ++rejects;
            }
        }
        assertEq(c.contributor(), contributor, "contributor");
        assertEq(uint256(c.status()), uint256(IContributionRegistry.ContributionStatus.Pending), "status");
        assertEq(c.score(), 0, "score");
        assertEq(c.accepts(), accepts, "accepts");
        assertEq(c.rejects(), rejects, "rejects");
        assertEq(c.scoreSum(), scoreSum, "scoreSum");
        assertEq(c.votedSeats(), seatMask, "votedSeats");
    }

    function test_withStatus_changesOnlyTheStatus(
        address contributor,
        uint8 score,
        uint48 seatMask,
        uint256 fromSeed,
        uint256 toSeed
    ) public pure {
        ContributionRecord c = _withVotes(
            ContributionRecordLib.create(contributor, _status(fromSeed), score),
            seatMask
        );
        IContributionRegistry.ContributionStatus to = _status(toSeed);
        ContributionRecord d = c.withStatus(to);
        assertEq(uint256(d.status()), uint256(to), "status");
        _assertSameExceptStatusAndScore(c, d);
        assertEq(d.score(), c.score(), "score");
    }

    function test_withAcceptance_setsStatusAndScoreOnly(address contributor, uint48 seatMask, uint8 score) public pure {
        ContributionRecord c = _withVotes(
            ContributionRecordLib.create(contributor, IContributionRegistry.ContributionStatus.Pending, 0),
            seatMask
        );
        ContributionRecord d = c.withAcceptance(score);
        assertEq(uint256(d.status()), uint256(IContributionRegistry.ContributionStatus.Accepted), "status");
        assertEq(d.score(), score, "score");
        _assertSameExceptStatusAndScore(c, d);
    }

    /// @dev Votes from every seat in `seatMask`, accepting on even seats with score seat + 1.
    function _withVotes(ContributionRecord c, uint48 seatMask) private pure returns (ContributionRecord) {
        for (uint8 seat; seat < 48; ++seat) {
            if (seatMask & (uint48(1) << seat) != 0) c = c.withVote(seat, seat % 2 == 0, seat + 1);
        }
        return c;
    }

    function _assertSameExceptStatusAndScore(ContributionRecord c, ContributionRecord d) private pure {
        assertEq(d.contributor(), c.contributor(), "contributor");
        assertEq(d.accepts(), c.accepts(), "accepts");
        assertEq(d.rejects(), c.rejects(), "rejects");
        assertEq(d.scoreSum(), c.scoreSum(), "scoreSum");
        assertEq(d.votedSeats(), c.votedSeats(), "votedSeats");
    }
}
