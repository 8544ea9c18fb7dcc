// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Cairn dataset registry
/// @notice A dataset is a community's shared collection of training data. Its steward (a wallet, a
/// multisig or the dataset's own Governor via its timelock) sets the manifest, the terms contributors
/// agree to, the curators and the review quorum, and opens, pauses or closes it.
interface IDatasetRegistry {
    /// @notice Lifecycle of a dataset. `Closed` is final.
    enum DatasetStatus {
        None,
        Open,
        Paused,
        Closed
    }

    /// @notice Everything needed to create a dataset.
    /// @param steward Who administers the dataset (need not be the caller, so factories can create for a timelock).
    /// @param manifestCid IPFS CID (binary form) of the JSON manifest: name, description, language, schema, license.
    /// @param termsHash keccak256 of the terms every contributor signs.
    /// @param curators Initial curators; each takes one of `MAX_CURATORS` seats.
    /// @param quorum Votes needed to accept or reject; 0 accepts every contribution at `defaultScore`.
    /// @param defaultScore Score (1..100) given to contributions accepted without review.
    /// @param rewardToken ERC-20 in which the pool pays, or address(0) to set it later.
    /// @param weightObserver Contract told of every accepted-weight change (e.g. the dataset's votes), or address(0).
    struct DatasetConfig {
        address steward;
        bytes manifestCid;
        bytes32 termsHash;
        address[] curators;
        uint8 quorum;
        uint8 defaultScore;
        address rewardToken;
        address weightObserver;
    }

    /// @notice A dataset as clients read it.
    struct DatasetView {
        address steward;
        address pendingSteward;
        DatasetStatus status;
        uint8 quorum;
        uint8 defaultScore;
        uint8 curatorCount;
        bytes32 termsHash;
        bytes manifestCid;
        address rewardToken;
        address weightObserver;
    }

    /// @notice Emitted when a dataset is created.
    event DatasetCreated(
        uint256 indexed datasetId,
        address indexed steward,
        address indexed creator,
        bytes manifestCid,
        bytes32 termsHash,
        address rewardToken
    );
    /// @notice Emitted when the steward publishes a new manifest.
    event ManifestUpdated(uint256 indexed datasetId, bytes manifestCid);
    /// @notice Emitted when the steward changes the terms; signatures over the old terms stop being valid.
    event TermsUpdated(uint256 indexed datasetId, bytes32 termsHash);
    /// @notice Emitted when a curator takes a seat.
    event CuratorAdded(uint256 indexed datasetId, address indexed curator, uint8 seat);
    /// @notice Emitted when a curator leaves a seat.
    event CuratorRemoved(uint256 indexed datasetId, address indexed curator, uint8 seat);
    /// @notice Emitted when the quorum or the default score changes.
    event ReviewPolicyUpdated(uint256 indexed datasetId, uint8 quorum, uint8 defaultScore);
    /// @notice Emitted when the challenge period of contributions accepted without review changes.
    event ChallengePeriodSet(uint256 indexed datasetId, uint32 period);
    /// @notice Emitted when the dataset is opened, paused or closed.
    event DatasetStatusChanged(uint256 indexed datasetId, DatasetStatus status);
    /// @notice Emitted when the steward proposes a successor (step one of two).
    event StewardshipTransferStarted(uint256 indexed datasetId, address indexed steward, address indexed newSteward);
    /// @notice Emitted when the successor accepts (step two of two).
    event StewardshipTransferred(
        uint256 indexed datasetId,
        address indexed previousSteward,
        address indexed newSteward
    );

    /// @notice No dataset has this id.
    error DatasetNotFound(uint256 datasetId);
    /// @notice Only the dataset's steward may do this.
    error NotSteward(uint256 datasetId, address account);
    /// @notice Only the proposed steward may accept stewardship.
    error NotPendingSteward(uint256 datasetId, address account);
    /// @notice The dataset does not take contributions now.
    error DatasetNotOpen(uint256 datasetId, DatasetStatus status);
    /// @notice A closed dataset cannot change status again.
    error DatasetIsClosed(uint256 datasetId);
    /// @notice `status` is not a status a steward can set.
    error InvalidDatasetStatus(uint256 datasetId, DatasetStatus status);
    /// @notice The account already holds a curator seat.
    error CuratorAlreadyAdded(uint256 datasetId, address curator);
    /// @notice The account's former seat was given to another curator once every seat had been used, so it
    /// cannot return: its past votes live on that seat, and one vote per curator must hold.
    error CuratorSeatGivenAway(uint256 datasetId, address curator);
    /// @notice The account holds no curator seat.
    error NotCurator(uint256 datasetId, address account);
    /// @notice Every curator seat is taken.
    error TooManyCurators(uint256 datasetId, uint256 max);
    /// @notice The quorum cannot exceed the number of curators, or decisions could never be reached.
    error InvalidQuorum(uint256 datasetId, uint256 quorum, uint256 curatorCount);
    /// @notice Scores go from 1 to 100.
    error InvalidScore(uint256 score);
    /// @notice A CID must not be empty.
    error EmptyCid();
    /// @notice The zero address cannot hold this role.
    error ZeroAddress();

    /// @notice Creates a dataset and returns its id (ids start at 1).
    function createDataset(DatasetConfig calldata config) external returns (uint256 datasetId);
    /// @notice Publishes a new manifest. Steward only.
    function setManifest(uint256 datasetId, bytes calldata manifestCid) external;
    /// @notice Changes the terms contributors sign. Steward only.
    function setTerms(uint256 datasetId, bytes32 termsHash) external;
    /// @notice Gives `curator` a seat. Steward only.
    function addCurator(uint256 datasetId, address curator) external;
    /// @notice Takes `curator` off the dataset; votes they cast stay counted, and if re-added they get the same
    /// seat back (so they cannot vote twice on a contribution). Steward only.
    function removeCurator(uint256 datasetId, address curator) external;
    /// @notice Sets the review quorum and the default score. Steward only.
    function setReviewPolicy(uint256 datasetId, uint8 quorum, uint8 defaultScore) external;
    /// @notice Sets how long (seconds) a contribution accepted without review (quorum 0) stays provisional: it
    /// earns and votes only once confirmed after the period, and any curator can reject it until then. 0
    /// accepts on arrival. Applies to contributions registered from now on. A dataset created with a weight
    /// observer (its weight is voting power) starts with `DEFAULT_CHALLENGE_PERIOD`. Steward only.
    function setChallengePeriod(uint256 datasetId, uint32 period) external;
    /// @notice The dataset's challenge period, in seconds (see `setChallengePeriod`).
    function challengePeriod(uint256 datasetId) external view returns (uint32);
    /// @notice Opens, pauses or closes the dataset. Steward only.
    function setStatus(uint256 datasetId, DatasetStatus status) external;
    /// @notice Sets the reward token of a dataset that has none yet. Steward only.
    function setRewardToken(uint256 datasetId, address token) external;
    /// @notice Proposes `newSteward`; nothing changes until they accept. Steward only.
    function transferStewardship(uint256 datasetId, address newSteward) external;
    /// @notice Accepts a proposed stewardship.
    function acceptStewardship(uint256 datasetId) external;

    /// @notice Reads a dataset.
    function getDataset(uint256 datasetId) external view returns (DatasetView memory);
    /// @notice Number of datasets created; ids run from 1 to this number.
    function datasetCount() external view returns (uint256);
    /// @notice Whether `account` holds a curator seat in the dataset.
    function isCurator(uint256 datasetId, address account) external view returns (bool);
}
