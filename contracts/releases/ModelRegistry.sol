// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDatasetRegistry} from "../interfaces/IDatasetRegistry.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IReleaseRegistry} from "../interfaces/IReleaseRegistry.sol";
import {ReleaseLeaf} from "./ReleaseLeaf.sol";

/// @title Cairn model registry
/// @notice Models that cite the releases they were trained on, and pay their data back (see `IModelRegistry`).
/// @dev Value leaves in `claimDividend(s)` and arrives in `payDividend`; both are guarded against reentrancy and
/// write every effect before the token call. Accounting is kept per (release, token), so a hostile token named by
/// one model can only ever move its own balances.
contract ModelRegistry is IModelRegistry, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @inheritdoc IModelRegistry
    uint256 public constant MAX_RELEASES = 16;
    /// @inheritdoc IModelRegistry
    uint256 public constant SCALE = 1e27;
    /// @dev Scores are 1..100 in the registry, so in every honest release leaf.
    uint8 private constant MAX_SCORE = 100;

    /// @dev Slots: [registrant 160] [dividendToken 160] [weightsSha256] [paid] [releases: length, then one slot
    /// per release packed as `releaseId << 96 | totalScore`, so paying reads nothing outside this contract].
    struct Model {
        address registrant;
        address dividendToken;
        bytes32 weightsSha256;
        uint256 paid;
        uint256[] releases;
    }

    IReleaseRegistry private immutable _releases;
    IDatasetRegistry private immutable _registry;

    uint256 private _modelCount;
    mapping(uint256 modelId => Model) private _models;
    mapping(uint256 modelId => mapping(uint256 datasetId => Standing)) private _standings;
    /// @dev Release roots are immutable: each is copied here when a model first cites it, for cheaper claims.
    mapping(uint256 releaseId => bytes32 root) private _roots;
    mapping(uint256 releaseId => mapping(address token => ReleaseDividend)) private _dividends;
    mapping(uint256 releaseId => mapping(address token => mapping(bytes32 leaf => uint256))) private _claimed;
    /// @dev Dividends claimed for an owner the token refused to pay (a blocklist, a contract that rejects it).
    mapping(address token => mapping(address owner => uint256)) private _parked;

    constructor(IReleaseRegistry releases_) {
        _releases = releases_;
        _registry = IDatasetRegistry(releases_.registry());
    }

    /// @inheritdoc IModelRegistry
    function registerModel(ModelInput calldata input) external returns (uint256 modelId) {
        uint256 count = input.releaseIds.length;
        if (count == 0 || count > MAX_RELEASES) revert InvalidReleaseCount(count, MAX_RELEASES);
        if (input.dividendToken == address(0)) revert ZeroAddress();
        // Cannot overflow: one model per call.
        unchecked {
            modelId = ++_modelCount;
        }
        Model storage model = _models[modelId];
        model.registrant = msg.sender;
        model.dividendToken = input.dividendToken;
        model.weightsSha256 = input.weightsSha256;
        for (uint256 i; i < count; ++i) {
            uint256 releaseId = input.releaseIds[i];
            for (uint256 j; j < i; ++j) if (input.releaseIds[j] == releaseId) revert DuplicateRelease(releaseId);
            // Reverts with `ReleaseNotFound` for an unknown release; ids fit 64 bits there.
            IReleaseRegistry.Release memory release = _releases.getRelease(releaseId);
            if (_roots[releaseId] == bytes32(0)) _roots[releaseId] = release.root;
            model.releases.push((releaseId << 96) | release.totalScore);
        }
        emit ModelRegistered(
            modelId,
            msg.sender,
            input.dividendToken,
            input.name,
            input.releaseIds,
            input.weightsCid,
            input.weightsSha256,
            input.license,
            input.cardCid
        );
    }

    /// @inheritdoc IModelRegistry
    function reviewModel(uint256 modelId, uint256 datasetId, Standing standing) external {
        Model storage model = _model(modelId);
        if (_registry.getDataset(datasetId).steward != msg.sender) revert ModelNotSteward(datasetId, msg.sender);
        bool cited;
        uint256 count = model.releases.length;
        for (uint256 i; i < count && !cited; ++i) {
            cited = _releases.getRelease(model.releases[i] >> 96).datasetId == datasetId;
        }
        if (!cited) revert DatasetNotCited(modelId, datasetId);
        _standings[modelId][datasetId] = standing;
        emit ModelReviewed(modelId, datasetId, msg.sender, standing);
    }

    /// @inheritdoc IModelRegistry
    function payDividend(uint256 modelId, uint256 amount) external nonReentrant returns (uint256 credited) {
        Model storage model = _model(modelId);
        if (amount == 0) revert ZeroAmount();
        IERC20 token = IERC20(model.dividendToken);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        credited = token.balanceOf(address(this)) - before;
        if (credited == 0) revert ZeroAmount();

        model.paid += credited;
        uint256 count = model.releases.length;
        uint256 share = credited / count;
        for (uint256 i; i < count; ++i) {
            uint256 packed = model.releases[i];
            // The last release also takes the remainder of the equal split, so nothing is lost here.
            uint256 part = i == count - 1 ? credited - share * (count - 1) : share;
            ReleaseDividend storage dividend = _dividends[packed >> 96][address(token)];
            dividend.paid += part.toUint128();
            // totalScore >= 1 (checked when the release was cut); the floor is the release's dust.
            dividend.dividendPerScore += (part * SCALE) / uint96(packed);
        }
        emit DividendPaid(modelId, msg.sender, address(token), credited);
    }

    /// @inheritdoc IModelRegistry
    function claimDividend(DividendClaim calldata claim) external nonReentrant returns (uint256 amount) {
        amount = _claim(claim);
        if (amount == 0) revert NothingToClaim(claim.releaseId, claim.token, claim.leaf.contentHash);
    }

    /// @inheritdoc IModelRegistry
    function claimDividends(DividendClaim[] calldata claims) external nonReentrant returns (uint256[] memory amounts) {
        amounts = new uint256[](claims.length);
        for (uint256 i; i < claims.length; ++i) amounts[i] = _claim(claims[i]);
    }

    /// @inheritdoc IModelRegistry
    function claimableDividend(
        uint256 releaseId,
        address token,
        IReleaseRegistry.Leaf calldata leaf,
        bytes32[] calldata proof
    ) external view returns (uint256) {
        bytes32 hash = ReleaseLeaf.hash(leaf);
        bytes32 root = _roots[releaseId];
        if (leaf.score == 0 || leaf.score > MAX_SCORE) return 0;
        if (root == bytes32(0) || !MerkleProof.verifyCalldata(proof, root, hash)) return 0;
        return _owed(_dividends[releaseId][token], leaf.score, _claimed[releaseId][token][hash]);
    }

    /// @inheritdoc IModelRegistry
    function withdrawParked(address token, address to) external nonReentrant returns (uint256 amount) {
        amount = _parked[token][msg.sender];
        if (amount == 0) revert NothingParked(token, msg.sender);
        _parked[token][msg.sender] = 0;
        IERC20(token).safeTransfer(to, amount);
        emit ParkedWithdrawn(token, msg.sender, to, amount);
    }

    /// @inheritdoc IModelRegistry
    function parkedOf(address token, address owner) external view returns (uint256) {
        return _parked[token][owner];
    }

    /// @inheritdoc IModelRegistry
    function claimedDividend(uint256 releaseId, address token, bytes32 leafHash) external view returns (uint256) {
        return _claimed[releaseId][token][leafHash];
    }

    /// @inheritdoc IModelRegistry
    function getReleaseDividend(uint256 releaseId, address token) external view returns (ReleaseDividend memory) {
        return _dividends[releaseId][token];
    }

    /// @inheritdoc IModelRegistry
    function getModel(uint256 modelId) external view returns (ModelView memory view_) {
        Model storage model = _model(modelId);
        uint256 count = model.releases.length;
        uint256[] memory releaseIds = new uint256[](count);
        for (uint256 i; i < count; ++i) releaseIds[i] = model.releases[i] >> 96;
        view_ = ModelView({
            registrant: model.registrant,
            dividendToken: model.dividendToken,
            weightsSha256: model.weightsSha256,
            releaseIds: releaseIds,
            paid: model.paid
        });
    }

    /// @inheritdoc IModelRegistry
    function standingOf(uint256 modelId, uint256 datasetId) external view returns (Standing) {
        return _standings[modelId][datasetId];
    }

    /// @inheritdoc IModelRegistry
    function modelCount() external view returns (uint256) {
        return _modelCount;
    }

    /// @inheritdoc IModelRegistry
    function releaseRegistry() external view returns (address) {
        return address(_releases);
    }

    /// @inheritdoc IModelRegistry
    function version() external pure returns (string memory) {
        return "cairn-models-1";
    }

    /// @dev Proves the leaf, then pays its owner what it earned and has not claimed, capped by what the release
    /// still holds (a release whose steward understated its total score cannot pay out other releases' funds).
    /// A leaf scored outside 1..100 (which a steward's faulty tree could hold) is refused: scores are the
    /// registry's, and a larger one would take more than its share. A payout the token refuses (a blocklisted
    /// owner, a contract that rejects it) is parked for the owner to withdraw elsewhere (`withdrawParked`), so it
    /// never locks the leaf or the rest of a batch.
    function _claim(DividendClaim calldata claim) private returns (uint256 amount) {
        uint8 score = claim.leaf.score;
        if (score == 0 || score > MAX_SCORE) revert InvalidLeafScore(claim.releaseId, claim.leaf.contentHash, score);
        bytes32 hash = ReleaseLeaf.hash(claim.leaf);
        bytes32 root = _roots[claim.releaseId];
        if (root == bytes32(0) || !MerkleProof.verifyCalldata(claim.proof, root, hash)) {
            revert NotInRelease(claim.releaseId, claim.leaf.contentHash);
        }
        ReleaseDividend storage dividend = _dividends[claim.releaseId][claim.token];
        mapping(bytes32 => uint256) storage claimed = _claimed[claim.releaseId][claim.token];
        amount = _owed(dividend, claim.leaf.score, claimed[hash]);
        if (amount == 0) return 0;
        claimed[hash] += amount;
        // Cannot overflow: amount <= paid - claimed (see `_owed`).
        unchecked {
            dividend.claimed += uint128(amount);
        }
        emit DividendClaimed(claim.releaseId, claim.token, claim.leaf.owner, claim.leaf.contentHash, amount);
        if (!IERC20(claim.token).trySafeTransfer(claim.leaf.owner, amount)) {
            _parked[claim.token][claim.leaf.owner] += amount;
            emit DividendParked(claim.releaseId, claim.token, claim.leaf.owner, claim.leaf.contentHash, amount);
        }
    }

    /// @dev What a leaf of `score` that claimed `done` is owed, at most what the release has left.
    function _owed(ReleaseDividend storage dividend, uint256 score, uint256 done) private view returns (uint256 owed) {
        uint256 earned = (score * dividend.dividendPerScore) / SCALE;
        if (earned <= done) return 0;
        owed = earned - done;
        uint256 left = dividend.paid - dividend.claimed;
        if (owed > left) owed = left;
    }

    function _model(uint256 modelId) private view returns (Model storage model) {
        model = _models[modelId];
        if (model.dividendToken == address(0)) revert ModelNotFound(modelId);
    }
}
