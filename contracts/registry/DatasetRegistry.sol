// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDatasetRegistry} from "../interfaces/IDatasetRegistry.sol";
import {IRewardVault} from "../interfaces/IRewardVault.sol";
import {RewardVault} from "../RewardVault.sol";

/// @title DatasetRegistry
/// @notice Datasets and their stewardship, curators and review policy.
/// @dev Every function that changes the registry's state is `nonReentrant` (a transient-storage guard, ~300
/// gas a call): the registry calls out only to its vault, which calls a dataset's weight observer, and to
/// ERC-1271 wallets (read-only); nothing they run may change the registry while one of its calls is under
/// way. So what a batch read once (a dataset's status, quorum, score and terms) cannot go stale during it,
/// and each function has written all its own state before it calls out (checks, effects, interactions).
abstract contract DatasetRegistry is IDatasetRegistry, ReentrancyGuardTransient {
    /// @dev A contribution records which seats voted in a 48-bit bitmap; see ContributionRecord.
    /// One vote per curator holds because a seat is never shared by two people on the same vote:
    /// a removed curator keeps their seat number and gets that same seat back if re-added; a seat goes to
    /// someone else only when every seat has been used, and then its former holder can never return
    /// (their votes stay on that seat, which the new holder cannot use again on the same contributions).
    uint8 internal constant _MAX_CURATORS = 48;
    uint8 internal constant _MAX_SCORE = 100;

    /// @dev Slot 0 is what every contribution and vote reads:
    /// steward (160) | status (8) | quorum (8) | defaultScore (8) | curatorCount (8) | seats (48) = 240 bits.
    /// Slot 1: pendingSteward (160) | usedSeats (48), every seat ever given. Slot 2: termsHash. Slot 3+: manifestCid.
    struct Dataset {
        address steward;
        DatasetStatus status;
        uint8 quorum;
        uint8 defaultScore;
        uint8 curatorCount;
        uint48 seats;
        address pendingSteward;
        uint48 usedSeats;
        bytes32 termsHash;
        bytes manifestCid;
    }

    /// @dev What registration needs of a dataset, read once per run of batch items for the same dataset.
    struct DatasetRules {
        uint256 id;
        DatasetStatus status;
        uint8 quorum;
        uint8 defaultScore;
        bytes32 termsHash;
    }

    /// @dev The vault is created here so the pair is deployed, and bound, in one transaction.
    IRewardVault internal immutable _vault;

    uint256 private _datasetCount;
    mapping(uint256 datasetId => Dataset) private _datasets;
    /// @dev Seat index + 1 of an account that holds or held a seat; 0 = never a curator; _SEAT_GIVEN_AWAY =
    /// its seat now belongs to someone else. Kept after removal, so a returning curator gets their seat back.
    mapping(uint256 datasetId => mapping(address account => uint8)) private _seatPlusOne;
    /// @dev The account that holds or last held each seat (read only when seats change hands).
    mapping(uint256 datasetId => mapping(uint8 seat => address)) private _seatHolder;
    uint8 private constant _SEAT_GIVEN_AWAY = type(uint8).max;

    constructor() {
        _vault = new RewardVault();
    }

    modifier onlySteward(uint256 datasetId) {
        address steward = _datasets[datasetId].steward;
        if (steward == address(0)) revert DatasetNotFound(datasetId);
        if (msg.sender != steward) revert NotSteward(datasetId, msg.sender);
        _;
    }

    // ---------------------------------------------------------------- creation

    /// @inheritdoc IDatasetRegistry
    function createDataset(DatasetConfig calldata config) external nonReentrant returns (uint256 datasetId) {
        if (config.steward == address(0)) revert ZeroAddress();
        if (config.manifestCid.length == 0) revert EmptyCid();
        datasetId = ++_datasetCount;

        Dataset storage ds = _datasets[datasetId];
        ds.steward = config.steward;
        ds.status = DatasetStatus.Open;
        ds.termsHash = config.termsHash;
        ds.manifestCid = config.manifestCid;
        if (config.rewardToken != address(0)) _vault.setRewardToken(datasetId, config.rewardToken);
        if (config.weightObserver != address(0)) _vault.setWeightObserver(datasetId, config.weightObserver);
        emit DatasetCreated(
            datasetId,
            config.steward,
            msg.sender,
            config.manifestCid,
            config.termsHash,
            config.rewardToken
        );

        for (uint256 i; i < config.curators.length; ++i) {
            _addCurator(datasetId, ds, config.curators[i]);
        }
        _setReviewPolicy(datasetId, ds, config.quorum, config.defaultScore);
    }

    // ---------------------------------------------------------------- steward actions

    /// @inheritdoc IDatasetRegistry
    function setManifest(uint256 datasetId, bytes calldata manifestCid) external nonReentrant onlySteward(datasetId) {
        if (manifestCid.length == 0) revert EmptyCid();
        _datasets[datasetId].manifestCid = manifestCid;
        emit ManifestUpdated(datasetId, manifestCid);
    }

    /// @inheritdoc IDatasetRegistry
    function setTerms(uint256 datasetId, bytes32 termsHash) external nonReentrant onlySteward(datasetId) {
        _datasets[datasetId].termsHash = termsHash;
        emit TermsUpdated(datasetId, termsHash);
    }

    /// @inheritdoc IDatasetRegistry
    function addCurator(uint256 datasetId, address curator) external nonReentrant onlySteward(datasetId) {
        _addCurator(datasetId, _datasets[datasetId], curator);
    }

    /// @inheritdoc IDatasetRegistry
    function removeCurator(uint256 datasetId, address curator) external nonReentrant onlySteward(datasetId) {
        Dataset storage ds = _datasets[datasetId];
        (uint8 seat, bool isCurator_) = _seatOf(datasetId, curator);
        if (!isCurator_) revert NotCurator(datasetId, curator);
        uint8 remaining = ds.curatorCount - 1;
        if (ds.quorum > remaining) revert InvalidQuorum(datasetId, ds.quorum, remaining);

        // The account keeps its seat number (see _addCurator); only the occupancy bit is cleared.
        ds.seats &= ~(uint48(1) << seat);
        ds.curatorCount = remaining;
        emit CuratorRemoved(datasetId, curator, seat);
    }

    /// @inheritdoc IDatasetRegistry
    function setReviewPolicy(
        uint256 datasetId,
        uint8 quorum,
        uint8 defaultScore
    ) external nonReentrant onlySteward(datasetId) {
        _setReviewPolicy(datasetId, _datasets[datasetId], quorum, defaultScore);
    }

    /// @inheritdoc IDatasetRegistry
    function setStatus(uint256 datasetId, DatasetStatus status) external nonReentrant onlySteward(datasetId) {
        Dataset storage ds = _datasets[datasetId];
        if (ds.status == DatasetStatus.Closed) revert DatasetIsClosed(datasetId);
        if (status == DatasetStatus.None) revert InvalidDatasetStatus(datasetId, status);
        ds.status = status;
        emit DatasetStatusChanged(datasetId, status);
    }

    /// @inheritdoc IDatasetRegistry
    function setRewardToken(uint256 datasetId, address token) external nonReentrant onlySteward(datasetId) {
        _vault.setRewardToken(datasetId, token);
    }

    /// @inheritdoc IDatasetRegistry
    function transferStewardship(uint256 datasetId, address newSteward) external nonReentrant onlySteward(datasetId) {
        if (newSteward == address(0)) revert ZeroAddress();
        _datasets[datasetId].pendingSteward = newSteward;
        emit StewardshipTransferStarted(datasetId, msg.sender, newSteward);
    }

    /// @inheritdoc IDatasetRegistry
    function acceptStewardship(uint256 datasetId) external nonReentrant {
        Dataset storage ds = _datasets[datasetId];
        if (ds.steward == address(0)) revert DatasetNotFound(datasetId);
        if (msg.sender != ds.pendingSteward) revert NotPendingSteward(datasetId, msg.sender);
        address previous = ds.steward;
        ds.steward = msg.sender;
        ds.pendingSteward = address(0);
        emit StewardshipTransferred(datasetId, previous, msg.sender);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IDatasetRegistry
    function getDataset(uint256 datasetId) external view returns (DatasetView memory view_) {
        Dataset storage ds = _datasets[datasetId];
        if (ds.steward == address(0)) revert DatasetNotFound(datasetId);
        view_ = DatasetView({
            steward: ds.steward,
            pendingSteward: ds.pendingSteward,
            status: ds.status,
            quorum: ds.quorum,
            defaultScore: ds.defaultScore,
            curatorCount: ds.curatorCount,
            termsHash: ds.termsHash,
            manifestCid: ds.manifestCid,
            rewardToken: _vault.getPool(datasetId).token,
            weightObserver: _vault.weightObserver(datasetId)
        });
    }

    /// @inheritdoc IDatasetRegistry
    function datasetCount() external view returns (uint256) {
        return _datasetCount;
    }

    /// @inheritdoc IDatasetRegistry
    function isCurator(uint256 datasetId, address account) external view returns (bool) {
        (, bool isCurator_) = _seatOf(datasetId, account);
        return isCurator_;
    }

    // ---------------------------------------------------------------- internal

    /// @dev Fills `rules` from the dataset's first slot, and its terms when `withTerms` (signed paths).
    function _loadRules(DatasetRules memory rules, uint256 datasetId, bool withTerms) internal view {
        Dataset storage ds = _datasets[datasetId];
        uint256 slot0;
        assembly ("memory-safe") {
            slot0 := sload(ds.slot)
        }
        rules.id = datasetId;
        // Offsets follow the `Dataset` layout: steward (160) | status (8) | quorum (8) | defaultScore (8).
        rules.status = DatasetStatus(uint8(slot0 >> 160));
        rules.quorum = uint8(slot0 >> 168);
        rules.defaultScore = uint8(slot0 >> 176);
        if (withTerms) rules.termsHash = ds.termsHash;
    }

    function _dataset(uint256 datasetId) internal view returns (Dataset storage) {
        return _datasets[datasetId];
    }

    /// @dev The account's seat (0-based) and whether it sits in it now.
    function _seatOf(uint256 datasetId, address account) internal view returns (uint8 seat, bool isCurator_) {
        uint8 seatPlusOne = _seatPlusOne[datasetId][account];
        if (seatPlusOne == 0 || seatPlusOne == _SEAT_GIVEN_AWAY) return (0, false);
        seat = seatPlusOne - 1;
        isCurator_ = _datasets[datasetId].seats & (uint48(1) << seat) != 0;
    }

    function _addCurator(uint256 datasetId, Dataset storage ds, address curator) private {
        if (curator == address(0)) revert ZeroAddress();
        uint8 seatPlusOne = _seatPlusOne[datasetId][curator];
        if (seatPlusOne == _SEAT_GIVEN_AWAY) revert CuratorSeatGivenAway(datasetId, curator);
        uint48 seats = ds.seats;
        uint8 seat;
        if (seatPlusOne != 0) {
            // A returning curator sits in their own seat again, with the votes they already cast.
            seat = seatPlusOne - 1;
            if (seats & (uint48(1) << seat) != 0) revert CuratorAlreadyAdded(datasetId, curator);
        } else {
            seat = _freeSeat(datasetId, ds, seats);
            _seatPlusOne[datasetId][curator] = seat + 1;
            address previous = _seatHolder[datasetId][seat];
            if (previous != address(0)) _seatPlusOne[datasetId][previous] = _SEAT_GIVEN_AWAY;
            _seatHolder[datasetId][seat] = curator;
            ds.usedSeats |= uint48(1) << seat;
        }
        ds.seats = seats | (uint48(1) << seat);
        ds.curatorCount += 1;
        emit CuratorAdded(datasetId, curator, seat);
    }

    /// @dev A seat never used before if any is left, else the lowest seat nobody sits in (given away).
    function _freeSeat(uint256 datasetId, Dataset storage ds, uint48 seats) private view returns (uint8 seat) {
        uint48 taken = ds.usedSeats;
        if (taken == type(uint48).max) taken = seats;
        while (seat < _MAX_CURATORS && taken & (uint48(1) << seat) != 0) ++seat;
        if (seat == _MAX_CURATORS) revert TooManyCurators(datasetId, _MAX_CURATORS);
    }

    function _setReviewPolicy(uint256 datasetId, Dataset storage ds, uint8 quorum, uint8 defaultScore) private {
        if (quorum > ds.curatorCount) revert InvalidQuorum(datasetId, quorum, ds.curatorCount);
        if (defaultScore == 0 || defaultScore > _MAX_SCORE) revert InvalidScore(defaultScore);
        ds.quorum = quorum;
        ds.defaultScore = defaultScore;
        emit ReviewPolicyUpdated(datasetId, quorum, defaultScore);
    }
}
