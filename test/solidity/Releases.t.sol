// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../../contracts/interfaces/IModelRegistry.sol";
import {IReleaseRegistry} from "../../contracts/interfaces/IReleaseRegistry.sol";
import {ModelRegistry} from "../../contracts/releases/ModelRegistry.sol";
import {ReleaseRegistry} from "../../contracts/releases/ReleaseRegistry.sol";
import {BlocklistToken} from "../../contracts/test/BlocklistToken.sol";
import {FeeOnTransferToken} from "../../contracts/test/FeeOnTransferToken.sol";
import {ReentrantToken} from "../../contracts/test/ReentrantToken.sol";
import {CairnFixture} from "./utils/CairnFixture.sol";
import {ReleaseTree} from "./utils/ReleaseTree.sol";

/// @notice Releases (cut, chain, inclusion) and data dividends (register, pay, claim), with hostile tokens.
contract ReleasesTest is CairnFixture {
    address private constant PAYER = address(0x9A7E);
    address private constant STRANGER = address(0x5742);

    ReleaseRegistry private releases;
    ModelRegistry private models;
    uint256 private datasetId;

    function setUp() public override {
        super.setUp();
        releases = new ReleaseRegistry(registry);
        models = new ModelRegistry(releases);
        datasetId = _createDataset(new address[](0), 0, 50);
        token.mint(PAYER, 1e30);
        vm.prank(PAYER);
        token.approve(address(models), type(uint256).max);
    }

    function _leaves(uint256 n, uint256 seed) private pure returns (IReleaseRegistry.Leaf[] memory leaves) {
        leaves = new IReleaseRegistry.Leaf[](n);
        for (uint256 i; i < n; ++i) {
            bytes32 h = keccak256(abi.encode(seed, i));
            leaves[i] = IReleaseRegistry.Leaf({
                contentHash: h,
                cid: abi.encodePacked(hex"01551220", h),
                size: uint64(100 + i),
                owner: address(uint160(0xA000 + (i % 3))),
                score: uint8(1 + (uint256(h) % 100))
            });
        }
    }

    function _total(IReleaseRegistry.Leaf[] memory leaves) private pure returns (uint96 total) {
        for (uint256 i; i < leaves.length; ++i) total += leaves[i].score;
    }

    function _cut(IReleaseRegistry.Leaf[] memory leaves, uint96 totalScore) private returns (uint256) {
        (bytes32 root, ) = ReleaseTree.build(leaves, 0);
        uint256 parentId = releases.latestRelease(datasetId);
        vm.prank(steward);
        return
            releases.cutRelease(
                IReleaseRegistry.ReleaseInput({
                    datasetId: datasetId,
                    parentId: parentId,
                    root: root,
                    itemCount: uint64(leaves.length),
                    totalScore: totalScore,
                    snapshotBlock: uint64(block.number),
                    manifestCid: hex"0170",
                    fileListCid: hex"0171",
                    license: "CC-BY-4.0"
                })
            );
    }

    function _register(uint256[] memory releaseIds, address dividendToken) private returns (uint256) {
        return
            models.registerModel(
                IModelRegistry.ModelInput({
                    name: "methali-small",
                    releaseIds: releaseIds,
                    dividendToken: dividendToken,
                    weightsCid: hex"0172",
                    weightsSha256: keccak256("weights"),
                    license: "Apache-2.0",
                    cardCid: ""
                })
            );
    }

    function _one(uint256 id) private pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = id;
    }

    function _claim(
        uint256 releaseId,
        address token_,
        IReleaseRegistry.Leaf[] memory leaves,
        uint256 i
    ) private returns (uint256) {
        (, bytes32[] memory proof) = ReleaseTree.build(leaves, i);
        return models.claimDividend(IModelRegistry.DividendClaim(releaseId, token_, leaves[i], proof));
    }

    // ---------------------------------------------------------------- releases

    function test_cutRelease_recordsAndChains() public {
        uint256 first = _cut(_leaves(5, 1), _total(_leaves(5, 1)));
        uint256 second = _cut(_leaves(7, 2), _total(_leaves(7, 2)));
        IReleaseRegistry.Release memory r = releases.getRelease(second);
        assertEq(r.parentId, first, "parent");
        assertEq(r.number, 2, "number");
        assertEq(r.itemCount, 7, "items");
        assertEq(releases.latestRelease(datasetId), second, "latest");
    }

    function test_cutRelease_revertsForNonSteward() public {
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IReleaseRegistry.ReleaseNotSteward.selector, datasetId, STRANGER));
        releases.cutRelease(IReleaseRegistry.ReleaseInput(datasetId, 0, bytes32(uint256(1)), 1, 1, 1, "", "", ""));
    }

    function test_cutRelease_revertsOnStaleParentBadScoreOrFutureSnapshot() public {
        _cut(_leaves(2, 1), _total(_leaves(2, 1)));
        vm.startPrank(steward);
        vm.expectRevert(abi.encodeWithSelector(IReleaseRegistry.StaleParent.selector, datasetId, 1, 0));
        releases.cutRelease(IReleaseRegistry.ReleaseInput(datasetId, 0, bytes32(uint256(1)), 1, 1, 1, "", "", ""));
        uint64 now_ = uint64(block.number);
        vm.expectRevert(abi.encodeWithSelector(IReleaseRegistry.InvalidTotalScore.selector, 2, 201));
        releases.cutRelease(IReleaseRegistry.ReleaseInput(datasetId, 1, bytes32(uint256(1)), 2, 201, now_, "", "", ""));
        vm.expectRevert(
            abi.encodeWithSelector(IReleaseRegistry.InvalidSnapshotBlock.selector, now_ + 1, now_, block.number)
        );
        releases.cutRelease(
            IReleaseRegistry.ReleaseInput(datasetId, 1, bytes32(uint256(1)), 1, 1, now_ + 1, "", "", "")
        );
        vm.expectRevert(abi.encodeWithSelector(IReleaseRegistry.EmptyRelease.selector, datasetId));
        releases.cutRelease(IReleaseRegistry.ReleaseInput(datasetId, 1, bytes32(0), 1, 1, now_, "", "", ""));
        vm.stopPrank();
    }

    function testFuzz_isIncluded_acceptsMembersOnly(uint256 n, uint256 index, uint8 forgedScore) public {
        n = bound(n, 1, 40);
        index = bound(index, 0, n - 1);
        IReleaseRegistry.Leaf[] memory leaves = _leaves(n, n);
        uint256 releaseId = _cut(leaves, _total(leaves));
        (, bytes32[] memory proof) = ReleaseTree.build(leaves, index);
        assertTrue(releases.isIncluded(releaseId, leaves[index], proof), "member");
        assertEq(releases.leafHash(leaves[index]), ReleaseTree.leafHash(leaves[index]), "leaf hash");
        vm.assume(forgedScore != leaves[index].score);
        leaves[index].score = forgedScore;
        assertFalse(releases.isIncluded(releaseId, leaves[index], proof), "forged score");
    }

    // ---------------------------------------------------------------- dividends

    function testFuzz_dividends_areProRataToScoreWithinARelease(uint256 n, uint256 amount) public {
        n = bound(n, 1, 24);
        amount = bound(amount, 1, 1e30);
        IReleaseRegistry.Leaf[] memory leaves = _leaves(n, 7);
        uint96 total = _total(leaves);
        uint256 modelId = _register(_one(_cut(leaves, total)), address(token));
        vm.prank(PAYER);
        models.payDividend(modelId, amount);
        uint256 paidOut;
        for (uint256 i; i < n; ++i) {
            address owner = leaves[i].owner;
            uint256 before = token.balanceOf(owner);
            uint256 expected = (amount * leaves[i].score) / total;
            (, bytes32[] memory proof) = ReleaseTree.build(leaves, i);
            uint256 got = models.claimableDividend(1, address(token), leaves[i], proof);
            if (got == 0) continue;
            _claim(1, address(token), leaves, i);
            assertEq(token.balanceOf(owner) - before, got, "paid what was claimable");
            assertLe(got, expected, "more than the share");
            assertApproxEq(got, expected, 1, "the pro-rata share");
            paidOut += got;
        }
        assertLe(paidOut, amount, "paid out more than paid in");
        assertLe(amount - paidOut, n + 1, "dust above one unit per leaf and payment");
    }

    function test_claim_revertsForNonMemberAndSecondClaim() public {
        IReleaseRegistry.Leaf[] memory leaves = _leaves(4, 3);
        uint256 releaseId = _cut(leaves, _total(leaves));
        uint256 modelId = _register(_one(releaseId), address(token));
        vm.prank(PAYER);
        models.payDividend(modelId, 1e18);
        _claim(releaseId, address(token), leaves, 2);
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.NothingToClaim.selector,
                releaseId,
                address(token),
                leaves[2].contentHash
            )
        );
        _claim(releaseId, address(token), leaves, 2);
        // A stranger's leaf with someone's proof, or a member's leaf with a changed owner.
        (, bytes32[] memory proof) = ReleaseTree.build(leaves, 1);
        leaves[1].owner = STRANGER;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.NotInRelease.selector, releaseId, leaves[1].contentHash));
        models.claimDividend(IModelRegistry.DividendClaim(releaseId, address(token), leaves[1], proof));
    }

    function test_pay_splitsEquallyOverReleasesAndOnlyThatReleaseEarns() public {
        IReleaseRegistry.Leaf[] memory a = _leaves(3, 10);
        IReleaseRegistry.Leaf[] memory b = _leaves(5, 11);
        uint256 ra = _cut(a, _total(a));
        uint256 rb = _cut(b, _total(b));
        uint256[] memory both = new uint256[](2);
        both[0] = ra;
        both[1] = rb;
        uint256 modelId = _register(both, address(token));
        vm.prank(PAYER);
        models.payDividend(modelId, 1001);
        assertEq(models.getReleaseDividend(ra, address(token)).paid, 500, "first half");
        assertEq(models.getReleaseDividend(rb, address(token)).paid, 501, "second half and the remainder");
        uint256 onlyA = _register(_one(ra), address(token));
        vm.prank(PAYER);
        models.payDividend(onlyA, 1000);
        assertEq(models.getReleaseDividend(rb, address(token)).paid, 501, "release b not paid by a's model");
    }

    function test_understatedTotalScore_cannotDrainOtherReleases() public {
        IReleaseRegistry.Leaf[] memory honest = _leaves(3, 20);
        uint256 rh = _cut(honest, _total(honest));
        IReleaseRegistry.Leaf[] memory lying = _leaves(6, 21);
        uint256 rl = _cut(lying, 6); // the minimum: each leaf then claims up to ~its score x the whole payment
        uint256 mh = _register(_one(rh), address(token));
        uint256 ml = _register(_one(rl), address(token));
        vm.startPrank(PAYER);
        models.payDividend(mh, 1e18);
        models.payDividend(ml, 1e18);
        vm.stopPrank();
        for (uint256 i; i < lying.length; ++i) {
            (, bytes32[] memory proof) = ReleaseTree.build(lying, i);
            models.claimDividends(_claims(rl, lying[i], proof));
        }
        IModelRegistry.ReleaseDividend memory d = models.getReleaseDividend(rl, address(token));
        assertEq(d.claimed, d.paid, "the lying release paid out exactly what it received");
        for (uint256 i; i < honest.length; ++i) _claim(rh, address(token), honest, i);
        assertLe(models.getReleaseDividend(rh, address(token)).claimed, 1e18, "the honest release is whole");
        assertApproxEq(models.getReleaseDividend(rh, address(token)).claimed, 1e18, 3, "and fully claimable");
    }

    function _claims(
        uint256 releaseId,
        IReleaseRegistry.Leaf memory leaf,
        bytes32[] memory proof
    ) private view returns (IModelRegistry.DividendClaim[] memory claims) {
        claims = new IModelRegistry.DividendClaim[](1);
        claims[0] = IModelRegistry.DividendClaim(releaseId, address(token), leaf, proof);
    }

    function test_feeOnTransfer_creditsWhatArrived() public {
        FeeOnTransferToken fee = new FeeOnTransferToken(100);
        fee.mint(PAYER, 1e6);
        IReleaseRegistry.Leaf[] memory leaves = _leaves(2, 30);
        uint256 modelId = _register(_one(_cut(leaves, _total(leaves))), address(fee));
        vm.startPrank(PAYER);
        fee.approve(address(models), type(uint256).max);
        uint256 credited = models.payDividend(modelId, 1e6);
        vm.stopPrank();
        assertEq(credited, 99e4, "1 % fee");
        assertEq(models.getReleaseDividend(1, address(fee)).paid, 99e4, "release credited what arrived");
        assertEq(fee.balanceOf(address(models)), 99e4, "held");
    }

    function test_reentrantToken_cannotReenterClaim() public {
        ReentrantToken bad = new ReentrantToken();
        bad.mint(PAYER, 1e18);
        IReleaseRegistry.Leaf[] memory leaves = _leaves(2, 40);
        uint256 releaseId = _cut(leaves, _total(leaves));
        uint256 modelId = _register(_one(releaseId), address(bad));
        vm.startPrank(PAYER);
        bad.approve(address(models), type(uint256).max);
        models.payDividend(modelId, 1e18);
        vm.stopPrank();
        (, bytes32[] memory proof) = ReleaseTree.build(leaves, 0);
        IModelRegistry.DividendClaim memory c = IModelRegistry.DividendClaim(releaseId, address(bad), leaves[0], proof);
        bad.arm(address(models), abi.encodeCall(ModelRegistry.claimDividend, (c)));
        uint256 amount = models.claimDividend(c);
        assertTrue(bad.reentered(), "the token re-entered");
        assertFalse(bad.reentrySucceeded(), "and was refused");
        assertEq(models.claimedDividend(releaseId, address(bad), ReleaseTree.leafHash(leaves[0])), amount, "once");
    }

    function test_reviewModel_onlyByTheStewardOfACitedDataset() public {
        IReleaseRegistry.Leaf[] memory leaves = _leaves(2, 50);
        uint256 modelId = _register(_one(_cut(leaves, _total(leaves))), address(token));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelNotSteward.selector, datasetId, STRANGER));
        vm.prank(STRANGER);
        models.reviewModel(modelId, datasetId, IModelRegistry.Standing.Flagged);
        vm.prank(steward);
        models.reviewModel(modelId, datasetId, IModelRegistry.Standing.Endorsed);
        assertTrue(models.standingOf(modelId, datasetId) == IModelRegistry.Standing.Endorsed, "endorsed");
        uint256 other = _createDataset(new address[](0), 0, 50);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.DatasetNotCited.selector, modelId, other));
        vm.prank(steward);
        models.reviewModel(modelId, other, IModelRegistry.Standing.Flagged);
    }

    function test_registerModel_refusesDuplicateOrTooManyReleases() public {
        IReleaseRegistry.Leaf[] memory leaves = _leaves(2, 60);
        uint256 releaseId = _cut(leaves, _total(leaves));
        uint256[] memory twice = new uint256[](2);
        twice[0] = releaseId;
        twice[1] = releaseId;
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.DuplicateRelease.selector, releaseId));
        _register(twice, address(token));
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.InvalidReleaseCount.selector, 17, 16));
        _register(new uint256[](17), address(token));
        vm.expectRevert(abi.encodeWithSelector(IReleaseRegistry.ReleaseNotFound.selector, 99));
        _register(_one(99), address(token));
    }

    function test_cutRelease_numbersEachDatasetsChainFromOne() public {
        _cut(_leaves(2, 70), _total(_leaves(2, 70)));
        _cut(_leaves(2, 71), _total(_leaves(2, 71)));
        uint256 other = _createDataset(new address[](0), 0, 50);
        (bytes32 root, ) = ReleaseTree.build(_leaves(2, 72), 0);
        vm.prank(steward);
        uint256 first = releases.cutRelease(
            IReleaseRegistry.ReleaseInput({
                datasetId: other,
                parentId: 0,
                root: root,
                itemCount: 2,
                totalScore: _total(_leaves(2, 72)),
                snapshotBlock: uint64(block.number),
                manifestCid: hex"0170",
                fileListCid: hex"0171",
                license: "CC-BY-4.0"
            })
        );
        assertEq(releases.getRelease(first).number, 1, "another dataset's chain starts at 1");
        assertEq(releases.getRelease(releases.latestRelease(datasetId)).number, 2, "this one is at 2");
    }

    function test_claim_refusesALeafScoredOutsideOneToHundred() public {
        IReleaseRegistry.Leaf[] memory leaves = _leaves(3, 80);
        leaves[0].score = 101;
        leaves[1].score = 0;
        uint256 releaseId = _cut(leaves, _total(leaves) + 1);
        uint256 modelId = _register(_one(releaseId), address(token));
        vm.prank(PAYER);
        models.payDividend(modelId, 1e18);
        for (uint256 i; i < 2; ++i) {
            (, bytes32[] memory proof) = ReleaseTree.build(leaves, i);
            assertEq(models.claimableDividend(releaseId, address(token), leaves[i], proof), 0, "nothing claimable");
            vm.expectRevert(
                abi.encodeWithSelector(
                    IModelRegistry.InvalidLeafScore.selector,
                    releaseId,
                    leaves[i].contentHash,
                    leaves[i].score
                )
            );
            _claim(releaseId, address(token), leaves, i);
        }
        assertTrue(_claim(releaseId, address(token), leaves, 2) > 0, "a leaf in range claims");
    }

    function test_claim_parksWhatABlockedOwnerCannotReceive() public {
        BlocklistToken blk = new BlocklistToken();
        blk.mint(PAYER, 1e18);
        IReleaseRegistry.Leaf[] memory leaves = _leaves(4, 90); // owners 0xA000, 0xA001, 0xA002, 0xA000
        uint256 releaseId = _cut(leaves, _total(leaves));
        uint256 modelId = _register(_one(releaseId), address(blk));
        vm.startPrank(PAYER);
        blk.approve(address(models), type(uint256).max);
        models.payDividend(modelId, 1e18);
        vm.stopPrank();
        address blocked = leaves[0].owner;
        blk.setBlocked(blocked, true);

        IModelRegistry.DividendClaim[] memory claims = new IModelRegistry.DividendClaim[](4);
        for (uint256 i; i < 4; ++i) {
            (, bytes32[] memory proof) = ReleaseTree.build(leaves, i);
            claims[i] = IModelRegistry.DividendClaim(releaseId, address(blk), leaves[i], proof);
        }
        uint256[] memory amounts = models.claimDividends(claims);
        assertEq(models.parkedOf(address(blk), blocked), amounts[0] + amounts[3], "the blocked owner's part parked");
        assertEq(blk.balanceOf(leaves[1].owner), amounts[1], "the rest of the batch paid");
        assertEq(blk.balanceOf(leaves[2].owner), amounts[2], "the rest of the batch paid");
        IModelRegistry.ReleaseDividend memory d = models.getReleaseDividend(releaseId, address(blk));
        assertEq(d.claimed, amounts[0] + amounts[1] + amounts[2] + amounts[3], "parked counts as claimed");

        // The leaf is not locked: it has claimed, and its owner takes the parked part elsewhere.
        vm.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.NothingToClaim.selector,
                releaseId,
                address(blk),
                leaves[0].contentHash
            )
        );
        models.claimDividend(claims[0]);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.NothingParked.selector, address(blk), STRANGER));
        vm.prank(STRANGER);
        models.withdrawParked(address(blk), STRANGER);
        vm.prank(blocked);
        uint256 taken = models.withdrawParked(address(blk), STRANGER);
        assertEq(taken, amounts[0] + amounts[3], "all of it");
        assertEq(blk.balanceOf(STRANGER), taken, "to the address the owner chose");
        assertEq(models.parkedOf(address(blk), blocked), 0, "nothing left parked");
    }
}
