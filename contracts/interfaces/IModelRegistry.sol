// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IReleaseRegistry} from "./IReleaseRegistry.sol";

/// @title Cairn model registry and data dividends
/// @notice A model builder registers a model naming the dataset releases it was trained on (one or several
/// datasets), the CID and sha256 of its weights, its license and an optional model card. Registration is open;
/// the steward of a dataset the model cites can endorse or flag it. Anyone pays a model's data dividend in the
/// model's token: the payment is split equally over the releases the model names and, within a release, shared
/// over the owners recorded in the release's leaves pro rata to their score — only the contributions in that
/// release earn, never whoever joins the dataset later.
/// @dev Paying is O(number of releases the model names), at most `MAX_RELEASES`, whatever the number of
/// contributors: each release keeps an accumulator of dividend per unit of score, per token. Claiming is
/// O(log n): the leaf is proven against the release's root and its claimed amount recorded. For every release
/// and token: paid = claimable + claimed + dust, where dust (rounding) is below one token unit per payment plus
/// one per leaf. A release is paid out at most what it received, even if its steward lied about its total score.
interface IModelRegistry {
    /// @notice A dataset steward's opinion of a model that cites the dataset.
    enum Standing {
        None,
        Endorsed,
        Flagged
    }

    /// @notice Everything needed to register a model.
    /// @param name A human-readable name, e.g. "methali-small".
    /// @param releaseIds The releases the model was trained on (1..`MAX_RELEASES`, no repeats).
    /// @param dividendToken The ERC-20 in which the model's data dividends are paid.
    /// @param weightsCid IPFS CID (binary form) of the weights.
    /// @param weightsSha256 sha256 of the weights file.
    /// @param license SPDX identifier (or name) of the model's license.
    /// @param cardCid IPFS CID (binary form) of the model card, or empty.
    struct ModelInput {
        string name;
        uint256[] releaseIds;
        address dividendToken;
        bytes weightsCid;
        bytes32 weightsSha256;
        string license;
        bytes cardCid;
    }

    /// @notice A model as clients read it; names and CIDs live in the `ModelRegistered` event.
    struct ModelView {
        address registrant;
        address dividendToken;
        bytes32 weightsSha256;
        uint256[] releaseIds;
        uint256 paid;
    }

    /// @notice A release's dividends in one token.
    /// @param dividendPerScore Accumulated dividend per unit of score, scaled by `SCALE`.
    /// @param paid Everything credited to the release in this token.
    /// @param claimed Everything paid out of it.
    struct ReleaseDividend {
        uint256 dividendPerScore;
        uint128 paid;
        uint128 claimed;
    }

    /// @notice A claim of one leaf's dividend: the leaf, its proof in the release, and the token.
    struct DividendClaim {
        uint256 releaseId;
        address token;
        IReleaseRegistry.Leaf leaf;
        bytes32[] proof;
    }

    /// @notice Emitted when a model is registered.
    event ModelRegistered(
        uint256 indexed modelId,
        address indexed registrant,
        address indexed dividendToken,
        string name,
        uint256[] releaseIds,
        bytes weightsCid,
        bytes32 weightsSha256,
        string license,
        bytes cardCid
    );
    /// @notice Emitted when a dataset's steward endorses or flags a model (or clears that).
    event ModelReviewed(uint256 indexed modelId, uint256 indexed datasetId, address indexed steward, Standing standing);
    /// @notice Emitted when a dividend is paid; `amount` is what arrived, split over the model's releases.
    event DividendPaid(uint256 indexed modelId, address indexed payer, address indexed token, uint256 amount);
    /// @notice Emitted when a leaf's dividend is paid to its owner (whoever sent the transaction).
    event DividendClaimed(
        uint256 indexed releaseId,
        address indexed token,
        address indexed owner,
        bytes32 contentHash,
        uint256 amount
    );

    /// @notice Emitted when a claimed dividend could not be sent to the leaf's owner (the token refused): it is
    /// kept for the owner, who takes it with `withdrawParked`.
    event DividendParked(
        uint256 indexed releaseId,
        address indexed token,
        address indexed owner,
        bytes32 contentHash,
        uint256 amount
    );
    /// @notice Emitted when an owner takes its parked dividends, to `to`.
    event ParkedWithdrawn(address indexed token, address indexed owner, address indexed to, uint256 amount);

    /// @notice No model has this id.
    error ModelNotFound(uint256 modelId);
    /// @notice A model names 1..`MAX_RELEASES` releases.
    error InvalidReleaseCount(uint256 count, uint256 max);
    /// @notice A release appears twice in the model.
    error DuplicateRelease(uint256 releaseId);
    /// @notice The dividend token cannot be the zero address.
    error ZeroAddress();
    /// @notice Amounts must be positive (after any transfer fee).
    error ZeroAmount();
    /// @notice The model does not cite a release of this dataset.
    error DatasetNotCited(uint256 modelId, uint256 datasetId);
    /// @notice Only the dataset's steward may endorse or flag a model citing it.
    error ModelNotSteward(uint256 datasetId, address account);
    /// @notice The leaf and proof do not match the release's root.
    error NotInRelease(uint256 releaseId, bytes32 contentHash);
    /// @notice A leaf's score must be 1..100, as the registry's scores are.
    error InvalidLeafScore(uint256 releaseId, bytes32 contentHash, uint8 score);
    /// @notice The caller has no parked dividends in this token.
    error NothingParked(address token, address owner);
    /// @notice The leaf has nothing (more) to claim in this release and token.
    error NothingToClaim(uint256 releaseId, address token, bytes32 contentHash);

    /// @notice Registers a model; anyone may.
    /// @return modelId The new model's id (ids start at 1).
    function registerModel(ModelInput calldata input) external returns (uint256 modelId);

    /// @notice Endorses, flags or clears a model, as the steward of `datasetId`, which the model must cite.
    function reviewModel(uint256 modelId, uint256 datasetId, Standing standing) external;

    /// @notice Pulls `amount` of the model's token from the caller and splits it equally over its releases.
    /// @return credited What arrived (less than `amount` for fee-on-transfer tokens).
    function payDividend(uint256 modelId, uint256 amount) external returns (uint256 credited);

    /// @notice Pays a leaf's owner its unclaimed dividend in one release and token; anyone may trigger it. A leaf
    /// scored outside 1..100 is refused; a payout the token refuses is parked for the owner (`DividendParked`).
    function claimDividend(DividendClaim calldata claim) external returns (uint256 amount);

    /// @notice Several claims in one call; claims with nothing to pay are skipped (amount 0).
    function claimDividends(DividendClaim[] calldata claims) external returns (uint256[] memory amounts);

    /// @notice Sends the caller's parked dividends in `token` to `to`.
    function withdrawParked(address token, address to) external returns (uint256 amount);

    /// @notice Dividends parked for `owner` in `token`.
    function parkedOf(address token, address owner) external view returns (uint256);

    /// @notice What the leaf could claim now (0 if it is not in the release, or scored outside 1..100).
    function claimableDividend(
        uint256 releaseId,
        address token,
        IReleaseRegistry.Leaf calldata leaf,
        bytes32[] calldata proof
    ) external view returns (uint256);

    /// @notice What the leaf has claimed so far in this release and token.
    function claimedDividend(uint256 releaseId, address token, bytes32 leafHash) external view returns (uint256);

    /// @notice A release's dividends in `token`.
    function getReleaseDividend(uint256 releaseId, address token) external view returns (ReleaseDividend memory);

    /// @notice Reads a model.
    function getModel(uint256 modelId) external view returns (ModelView memory);

    /// @notice A dataset steward's standing for a model.
    function standingOf(uint256 modelId, uint256 datasetId) external view returns (Standing);

    /// @notice Number of models registered; ids run from 1 to this number.
    function modelCount() external view returns (uint256);

    /// @notice The release registry whose releases models cite.
    function releaseRegistry() external view returns (address);

    /// @notice Most releases one model may name.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_RELEASES() external view returns (uint256);

    /// @notice Fixed-point scale of `dividendPerScore`.
    // solhint-disable-next-line func-name-mixedcase
    function SCALE() external view returns (uint256);

    /// @notice Version of this deployment's rules, for clients.
    function version() external pure returns (string memory);
}
