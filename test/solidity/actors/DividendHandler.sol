// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CairnRegistry} from "../../../contracts/CairnRegistry.sol";
import {IDatasetRegistry} from "../../../contracts/interfaces/IDatasetRegistry.sol";
import {IModelRegistry} from "../../../contracts/interfaces/IModelRegistry.sol";
import {IReleaseRegistry} from "../../../contracts/interfaces/IReleaseRegistry.sol";
import {ModelRegistry} from "../../../contracts/releases/ModelRegistry.sol";
import {ReleaseRegistry} from "../../../contracts/releases/ReleaseRegistry.sol";
import {FeeOnTransferToken} from "../../../contracts/test/FeeOnTransferToken.sol";
import {TestToken} from "../../../contracts/test/TestToken.sol";
import {CairnTest} from "../utils/CairnTest.sol";
import {ReleaseTree} from "../utils/ReleaseTree.sol";

/// @notice The data-dividend invariant suite's actor: it steward two datasets with three releases (leaves owned by
/// a few actors), and each public function is one random operation: register a model over some releases in a
/// plain or fee-on-transfer token, pay a model, claim a leaf's dividend (as anyone), or try to claim with a forged
/// leaf or another release's leaf. Ghosts record what was paid and claimed per release, token and leaf.
contract DividendHandler is CairnTest {
    uint256 public constant RELEASES = 3;
    uint256 public constant ACTORS = 4;

    CairnRegistry public immutable registry;
    ReleaseRegistry public immutable releases;
    ModelRegistry public immutable models;
    TestToken public immutable plainToken;
    FeeOnTransferToken public immutable feeToken;

    uint256[RELEASES] public releaseIds;
    uint256[] public modelIds;

    mapping(uint256 releaseId => mapping(address token => uint256)) public ghostPaid;
    mapping(uint256 releaseId => mapping(address token => uint256)) public ghostPayments;
    mapping(uint256 releaseId => mapping(address token => uint256)) public ghostClaimed;
    mapping(uint256 releaseId => mapping(address token => mapping(bytes32 leaf => uint256))) public ghostLeafClaimed;
    /// @notice Claims that paid something they should not have, and the last one described.
    uint256 public unexpectedOutcomes;
    string public lastUnexpectedOutcome;
    mapping(string operation => uint256) public calls;

    constructor(CairnRegistry registry_) {
        registry = registry_;
        releases = new ReleaseRegistry(registry_);
        models = new ModelRegistry(releases);
        plainToken = new TestToken("Dividend", "DIV");
        feeToken = new FeeOnTransferToken(100);
        plainToken.approve(address(models), type(uint256).max);
        feeToken.approve(address(models), type(uint256).max);
        uint256 a = _createDataset();
        uint256 b = _createDataset();
        releaseIds[0] = _cut(a, 0);
        releaseIds[1] = _cut(a, 1);
        releaseIds[2] = _cut(b, 2);
    }

    // ---------------------------------------------------------------- the releases' leaves (a pure function)

    function leafCount(uint256 r) public pure returns (uint256) {
        return [uint256(5), 8, 3][r];
    }

    function actor(uint256 i) public pure returns (address) {
        return address(uint160(0xAC7000 + i));
    }

    function leaf(uint256 r, uint256 i) public pure returns (IReleaseRegistry.Leaf memory) {
        bytes32 h = keccak256(abi.encode("dividend leaf", r, i));
        return
            IReleaseRegistry.Leaf({
                contentHash: h,
                cid: abi.encodePacked(hex"01551220", h),
                size: uint64(1000 + i),
                owner: actor((r * 3 + i) % ACTORS),
                score: uint8(1 + (uint256(h) % 100))
            });
    }

    function leaves(uint256 r) public pure returns (IReleaseRegistry.Leaf[] memory all) {
        all = new IReleaseRegistry.Leaf[](leafCount(r));
        for (uint256 i; i < all.length; ++i) all[i] = leaf(r, i);
    }

    function totalScore(uint256 r) public pure returns (uint96 total) {
        for (uint256 i; i < leafCount(r); ++i) total += leaf(r, i).score;
    }

    function tokens() public view returns (address[2] memory) {
        return [address(plainToken), address(feeToken)];
    }

    function modelCount() external view returns (uint256) {
        return modelIds.length;
    }

    // ---------------------------------------------------------------- operations

    function registerModel(uint256 mask, bool fee) external {
        mask = bound(mask, 1, (1 << RELEASES) - 1);
        uint256 count;
        for (uint256 r; r < RELEASES; ++r) if (mask & (1 << r) != 0) ++count;
        uint256[] memory ids = new uint256[](count);
        uint256 k;
        for (uint256 r; r < RELEASES; ++r) if (mask & (1 << r) != 0) ids[k++] = releaseIds[r];
        modelIds.push(
            models.registerModel(
                IModelRegistry.ModelInput({
                    name: "model",
                    releaseIds: ids,
                    dividendToken: fee ? address(feeToken) : address(plainToken),
                    weightsCid: hex"0172",
                    weightsSha256: bytes32(mask),
                    license: "MIT",
                    cardCid: ""
                })
            )
        );
        ++calls["registerModel"];
    }

    function pay(uint256 modelSeed, uint256 amount) external {
        if (modelIds.length == 0) return;
        uint256 modelId = modelIds[modelSeed % modelIds.length];
        amount = bound(amount, 1, 1e27);
        IModelRegistry.ModelView memory model = models.getModel(modelId);
        TestToken(model.dividendToken).mint(address(this), amount);
        uint256 credited = models.payDividend(modelId, amount);
        uint256 n = model.releaseIds.length;
        for (uint256 i; i < n; ++i) {
            uint256 part = i == n - 1 ? credited - (credited / n) * (n - 1) : credited / n;
            ghostPaid[model.releaseIds[i]][model.dividendToken] += part;
            ++ghostPayments[model.releaseIds[i]][model.dividendToken];
        }
        ++calls["pay"];
    }

    function claim(uint256 r, uint256 i, bool fee) external {
        r = bound(r, 0, RELEASES - 1);
        i = bound(i, 0, leafCount(r) - 1);
        address token = fee ? address(feeToken) : address(plainToken);
        uint256 releaseId = releaseIds[r];
        IReleaseRegistry.Leaf[] memory all = leaves(r);
        (, bytes32[] memory proof) = ReleaseTree.build(all, i);
        bytes32 hash = ReleaseTree.leafHash(all[i]);
        uint256 expected = models.claimableDividend(releaseId, token, all[i], proof);
        IModelRegistry.DividendClaim[] memory batch = new IModelRegistry.DividendClaim[](1);
        batch[0] = IModelRegistry.DividendClaim(releaseId, token, all[i], proof);
        uint256 amount = models.claimDividends(batch)[0];
        if (amount != expected) _unexpected("a claim paid other than its claimable amount");
        ghostClaimed[releaseId][token] += amount;
        ghostLeafClaimed[releaseId][token][hash] += amount;
        ++calls["claim"];
    }

    /// @notice A leaf with a changed owner or score, or a leaf of another release: must never be paid.
    function claimForged(uint256 r, uint256 i, uint256 forgery, address thief) external {
        r = bound(r, 0, RELEASES - 1);
        i = bound(i, 0, leafCount(r) - 1);
        uint256 releaseId = releaseIds[r];
        IReleaseRegistry.Leaf[] memory all = leaves(r);
        (, bytes32[] memory proof) = ReleaseTree.build(all, i);
        IReleaseRegistry.Leaf memory forged = all[i];
        forgery = forgery % 3;
        if (forgery == 0) {
            if (thief == forged.owner) return;
            forged.owner = thief;
        } else if (forgery == 1) {
            forged.score = forged.score == 100 ? 1 : forged.score + 1;
        } else {
            // Claim release r with a leaf (and its proof) from the next release.
            uint256 other = (r + 1) % RELEASES;
            IReleaseRegistry.Leaf[] memory others = leaves(other);
            (, proof) = ReleaseTree.build(others, 0);
            forged = others[0];
        }
        try models.claimDividend(IModelRegistry.DividendClaim(releaseId, address(plainToken), forged, proof)) returns (
            uint256
        ) {
            _unexpected("a forged or foreign leaf was paid");
        } catch {}
        ++calls["claimForged"];
    }

    // ---------------------------------------------------------------- setup helpers

    function _createDataset() private returns (uint256) {
        return
            registry.createDataset(
                IDatasetRegistry.DatasetConfig({
                    steward: address(this),
                    manifestCid: hex"0170",
                    termsHash: keccak256("terms"),
                    curators: new address[](0),
                    quorum: 0,
                    defaultScore: 50,
                    rewardToken: address(0),
                    weightObserver: address(0)
                })
            );
    }

    function _cut(uint256 datasetId, uint256 r) private returns (uint256) {
        (bytes32 root, ) = ReleaseTree.build(leaves(r), 0);
        return
            releases.cutRelease(
                IReleaseRegistry.ReleaseInput({
                    datasetId: datasetId,
                    parentId: releases.latestRelease(datasetId),
                    root: root,
                    itemCount: uint64(leafCount(r)),
                    totalScore: totalScore(r),
                    snapshotBlock: uint64(block.number),
                    manifestCid: hex"0170",
                    fileListCid: hex"0171",
                    license: "CC-BY-4.0"
                })
            );
    }

    function _unexpected(string memory what) private {
        ++unexpectedOutcomes;
        lastUnexpectedOutcome = what;
    }
}
