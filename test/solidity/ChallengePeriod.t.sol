// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IContributionRegistry} from "../../contracts/interfaces/IContributionRegistry.sol";
import {ICurationRegistry} from "../../contracts/interfaces/ICurationRegistry.sol";
import {IDatasetRegistry} from "../../contracts/interfaces/IDatasetRegistry.sol";
import {HostileObserver} from "../../contracts/test/HostileObserver.sol";
import {CairnFixture} from "./utils/CairnFixture.sol";

/// @notice First-come must not mean first-to-copy: in a dataset that accepts without review (quorum 0) and has a
/// challenge period, a registration earns and votes only once confirmed after the period, and any curator can
/// reject it until then. Junk registered first cannot take the funding that waited for weight, nor vote at once.
contract ChallengePeriodTest is CairnFixture {
    address private constant CURATOR = address(0xC0);
    address private constant SNIPER = address(0x5419E4);
    address private constant AUTHOR = address(0xA07);
    address private constant SPONSOR = address(0x5905);
    uint32 private constant PERIOD = 2 days;

    uint256 private datasetId;

    function setUp() public override {
        super.setUp();
        address[] memory curators = new address[](1);
        curators[0] = CURATOR;
        datasetId = _createDataset(curators, 0, 60);
        vm.prank(steward);
        registry.setChallengePeriod(datasetId, PERIOD);
        vm.prank(SPONSOR);
        token.approve(address(vault), type(uint256).max);
    }

    function test_register_isProvisionalAndEarnsNothingDuringThePeriod() public {
        bytes32 h = _register(SNIPER, "junk");
        IContributionRegistry.ContributionView memory c = registry.getContribution(datasetId, h);
        assertEq(uint8(c.status), uint8(IContributionRegistry.ContributionStatus.Provisional), "provisional");
        assertEq(c.score, 60, "carries the default score");
        assertEq(vault.weightOf(datasetId, SNIPER), 0, "no weight during the period");

        bytes32[] memory hashes = new bytes32[](1);
        hashes[0] = h;
        bytes4[] memory results = registry.confirmContributions(datasetId, hashes);
        assertEq(results[0], ICurationRegistry.ChallengePeriodNotOver.selector, "cannot be confirmed early");

        vm.warp(block.timestamp + PERIOD);
        results = registry.confirmContributions(datasetId, hashes);
        assertEq(results[0], bytes4(0), "confirmed once the period is over");
        assertEq(vault.weightOf(datasetId, SNIPER), 60, "weight at the default score");
        results = registry.confirmContributions(datasetId, hashes);
        assertEq(results[0], ICurationRegistry.ContributionNotPending.selector, "confirmed once");
    }

    /// @notice The sniping attack: funding waits for weight; a copier registers junk first. A curator rejects it
    /// within the period, and the funding goes to the genuine contribution confirmed after it.
    function test_junkRegisteredFirstCannotTakeTheFundingThatWaited() public {
        token.mint(SPONSOR, 1_000);
        vm.prank(SPONSOR);
        vault.fund(datasetId, 1_000);

        bytes32 junk = _register(SNIPER, "junk");
        bytes32 genuine = _register(AUTHOR, "genuine");
        vm.prank(CURATOR);
        registry.review(datasetId, junk, false, 0);
        assertEq(
            uint8(registry.getContribution(datasetId, junk).status),
            uint8(IContributionRegistry.ContributionStatus.Rejected),
            "one curator rejects a provisional contribution"
        );

        vm.warp(block.timestamp + PERIOD);
        bytes32[] memory hashes = new bytes32[](2);
        hashes[0] = junk;
        hashes[1] = genuine;
        bytes4[] memory results = registry.confirmContributions(datasetId, hashes);
        assertEq(results[0], ICurationRegistry.ContributionNotPending.selector, "the rejected junk stays out");
        assertEq(results[1], bytes4(0), "the genuine contribution is confirmed");
        // The funding that waited is released over the vault's release period to the weight there is: the author's.
        vm.warp(block.timestamp + vault.HELD_RELEASE_PERIOD());
        assertEq(vault.claimable(datasetId, SNIPER), 0, "the copier earns nothing");
        // All of it but the rounding dust of 1,000 * 1e18 / 60.
        assertApproxEq(vault.claimable(datasetId, AUTHOR), 1_000, 1, "the funding that waited goes to the author");
    }

    function test_curatorAcceptsEarlyWithTheirScore() public {
        bytes32 h = _register(AUTHOR, "good");
        vm.prank(CURATOR);
        registry.review(datasetId, h, true, 90);
        assertEq(vault.weightOf(datasetId, AUTHOR), 90, "accepted at once with the curator's score");
    }

    function test_noPeriod_acceptsOnArrival() public {
        vm.prank(steward);
        registry.setChallengePeriod(datasetId, 0);
        _register(AUTHOR, "at once");
        assertEq(vault.weightOf(datasetId, AUTHOR), 60, "accepted on arrival");
    }

    function test_setChallengePeriod_stewardOnly() public {
        vm.expectRevert(abi.encodeWithSelector(IDatasetRegistry.NotSteward.selector, datasetId, SNIPER));
        vm.prank(SNIPER);
        registry.setChallengePeriod(datasetId, 0);
    }

    /// @notice A dataset whose weight is voting power (it has an observer) starts with the default period, so
    /// registering junk in a quorum-0 governed dataset does not buy votes at once.
    function test_observedDataset_startsWithTheDefaultPeriod() public {
        HostileObserver votes = new HostileObserver();
        uint256 governed = registry.createDataset(
            IDatasetRegistry.DatasetConfig({
                steward: steward,
                manifestCid: hex"0170",
                termsHash: TERMS,
                curators: new address[](0),
                quorum: 0,
                defaultScore: 50,
                rewardToken: address(token),
                weightObserver: address(votes)
            })
        );
        assertEq(registry.challengePeriod(governed), registry.DEFAULT_CHALLENGE_PERIOD(), "default period");
        bytes32 h = keccak256("junk for votes");
        vm.prank(SNIPER);
        registry.contribute(governed, h, 1, _cid(h), "");
        assertEq(votes.calls(), 0, "no weight moved, no votes bought");
        assertEq(vault.weightOf(governed, SNIPER), 0, "no weight");
    }

    function test_transferredProvisional_creditsTheOwnerAtConfirmation() public {
        bytes32 h = _register(AUTHOR, "gift");
        vm.prank(AUTHOR);
        registry.transferContribution(datasetId, h, SPONSOR);
        vm.warp(block.timestamp + PERIOD);
        bytes32[] memory hashes = new bytes32[](1);
        hashes[0] = h;
        registry.confirmContributions(datasetId, hashes);
        assertEq(vault.weightOf(datasetId, SPONSOR), 60, "the owner at confirmation holds the weight");
        assertEq(vault.weightOf(datasetId, AUTHOR), 0, "not the contributor who gave it away");
    }

    function _register(address who, string memory label) private returns (bytes32 h) {
        h = keccak256(bytes(label));
        vm.prank(who);
        registry.contribute(datasetId, h, 1, _cid(h), "");
    }
}
