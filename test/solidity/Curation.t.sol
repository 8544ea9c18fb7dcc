// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IContributionRegistry} from "../../contracts/interfaces/IContributionRegistry.sol";
import {ICurationRegistry} from "../../contracts/interfaces/ICurationRegistry.sol";
import {CairnFixture} from "./utils/CairnFixture.sol";

/// @notice Fuzzed reviews: the quorum decides, and an accepted contribution weighs the mean of its accepting scores.
contract CurationTest is CairnFixture {
    bytes32 private constant CONTENT = keccak256("item");
    address private constant CONTRIBUTOR = address(0xC047);

    /// @notice `quorum` accepts with random scores, interleaved with fewer than `quorum` rejects.
    function test_review_acceptedWeightIsMeanOfAcceptingScores(
        uint256 quorumSeed,
        uint256 rejectSeed,
        uint256 scoreSeed,
        uint256 orderSeed
    ) public {
        uint256 quorum = bound(quorumSeed, 1, 12);
        uint256 rejectCount = bound(rejectSeed, 0, quorum - 1);
        address[] memory curators = _curators(0xC0, quorum + rejectCount);
        uint256 datasetId = _createDataset(curators, uint8(quorum), 50);
        vm.prank(CONTRIBUTOR);
        registry.contribute(datasetId, CONTENT, 1, _cid(CONTENT), "");

        uint256 scoreSum;
        uint256 accepted;
        uint256 rejected;
        for (uint256 i; i < curators.length; ++i) {
            // Rejects go in at random places, but the last vote is always the deciding accept.
            bool reject =
                rejected < rejectCount &&
                    (accepted == quorum - 1 || uint256(keccak256(abi.encode(orderSeed, i))) % 2 == 0);
            uint8 score = uint8(bound(uint256(keccak256(abi.encode(scoreSeed, i))), 1, 100));
            vm.prank(curators[i]);
            registry.review(datasetId, CONTENT, !reject, reject ? 0 : score);
            if (reject) {
                ++rejected;
            } else {
                ++accepted;
                scoreSum += score;
            }
            IContributionRegistry.ContributionView memory v = registry.getContribution(datasetId, CONTENT);
            if (accepted < quorum) {
                assertEq(uint256(v.status), uint256(IContributionRegistry.ContributionStatus.Pending), "pending");
                assertEq(vault.weightOf(datasetId, CONTRIBUTOR), 0, "no weight before the quorum");
            }
        }

        IContributionRegistry.ContributionView memory c = registry.getContribution(datasetId, CONTENT);
        assertEq(uint256(c.status), uint256(IContributionRegistry.ContributionStatus.Accepted), "accepted");
        assertEq(c.accepts, quorum, "accepts");
        assertEq(c.rejects, rejectCount, "rejects");
        assertEq(c.score, scoreSum / quorum, "score is the mean accepting score");
        assertEq(vault.weightOf(datasetId, CONTRIBUTOR), scoreSum / quorum, "vault weight");
        assertEq(vault.getPool(datasetId).totalWeight, scoreSum / quorum, "total weight");
    }

    function test_review_rejectedWhenRejectsReachQuorum(
        uint256 quorumSeed,
        uint256 acceptSeed,
        uint256 scoreSeed
    ) public {
        uint256 quorum = bound(quorumSeed, 1, 12);
        uint256 acceptCount = bound(acceptSeed, 0, quorum - 1);
        address[] memory curators = _curators(0xC0, quorum + acceptCount);
        uint256 datasetId = _createDataset(curators, uint8(quorum), 50);
        vm.prank(CONTRIBUTOR);
        registry.contribute(datasetId, CONTENT, 1, _cid(CONTENT), "");

        for (uint256 i; i < acceptCount; ++i) {
            vm.prank(curators[i]);
            registry.review(
                datasetId,
                CONTENT,
                true,
                uint8(bound(uint256(keccak256(abi.encode(scoreSeed, i))), 1, 100))
            );
        }
        for (uint256 i = acceptCount; i < curators.length; ++i) {
            vm.prank(curators[i]);
            registry.review(datasetId, CONTENT, false, 0);
        }
        IContributionRegistry.ContributionView memory c = registry.getContribution(datasetId, CONTENT);
        assertEq(uint256(c.status), uint256(IContributionRegistry.ContributionStatus.Rejected), "rejected");
        assertEq(vault.weightOf(datasetId, CONTRIBUTOR), 0, "no weight");

        // A decided contribution takes no more votes.
        address late = address(0x1A7E);
        vm.prank(steward);
        registry.addCurator(datasetId, late);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICurationRegistry.ContributionNotPending.selector,
                datasetId,
                CONTENT,
                IContributionRegistry.ContributionStatus.Rejected
            )
        );
        vm.prank(late);
        registry.review(datasetId, CONTENT, true, 100);
    }

    function test_review_revertsOnScoreOutsideOneToHundred(uint8 score) public {
        vm.assume(score == 0 || score > 100);
        address[] memory curators = _curators(0xC0, 1);
        uint256 datasetId = _createDataset(curators, 1, 50);
        vm.prank(CONTRIBUTOR);
        registry.contribute(datasetId, CONTENT, 1, _cid(CONTENT), "");
        vm.expectRevert(abi.encodeWithSelector(bytes4(keccak256("InvalidScore(uint256)")), uint256(score)));
        vm.prank(curators[0]);
        registry.review(datasetId, CONTENT, true, score);
    }

    function test_review_revertsWhenSameCuratorVotesTwice(uint8 score, bool secondAccept) public {
        score = uint8(bound(score, 1, 100));
        address[] memory curators = _curators(0xC0, 2);
        uint256 datasetId = _createDataset(curators, 2, 50);
        vm.prank(CONTRIBUTOR);
        registry.contribute(datasetId, CONTENT, 1, _cid(CONTENT), "");
        vm.prank(curators[0]);
        registry.review(datasetId, CONTENT, true, score);
        vm.expectRevert(
            abi.encodeWithSelector(ICurationRegistry.AlreadyVoted.selector, datasetId, CONTENT, curators[0])
        );
        vm.prank(curators[0]);
        registry.review(datasetId, CONTENT, secondAccept, score);
    }

    function test_contribute_quorumZeroAcceptsAtDefaultScore(uint8 defaultScore, address contributor) public {
        vm.assume(contributor != address(0));
        defaultScore = uint8(bound(defaultScore, 1, 100));
        uint256 datasetId = _createDataset(new address[](0), 0, defaultScore);
        vm.prank(contributor);
        registry.contribute(datasetId, CONTENT, 1, _cid(CONTENT), "");
        IContributionRegistry.ContributionView memory c = registry.getContribution(datasetId, CONTENT);
        assertEq(uint256(c.status), uint256(IContributionRegistry.ContributionStatus.Accepted), "accepted");
        assertEq(c.score, defaultScore, "default score");
        assertEq(vault.weightOf(datasetId, contributor), defaultScore, "vault weight");
    }
}
