// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Cairn reward vault
/// @notice Holds each dataset's reward pool in its ERC-20 and shares every funding pro rata over the
/// accepted weight at the time it arrives (an accumulator: O(1) per fund, weight change and claim,
/// however many contributions an account has). Funding that arrives while no weight exists is held, then
/// released linearly over `HELD_RELEASE_PERIOD` seconds of time in which weight exists, to whoever holds
/// weight during that time: no single registrant can take funding that arrived before them. Anyone may trigger a claim; the tokens always go to the account.
/// Invariant: for every dataset, claimed + claimable <= funded.
interface IRewardVault {
    /// @notice A dataset's pool as clients read it.
    struct PoolView {
        address token;
        uint96 totalWeight;
        uint256 rewardPerWeight;
        uint128 funded;
        uint128 held;
    }

    /// @notice Emitted when a dataset's weight observer is set.
    event WeightObserverSet(uint256 indexed datasetId, address indexed observer);
    /// @notice Emitted when a dataset's weight observer failed (reverted or ran out of its gas budget) and will
    /// not be called again: its view of the dataset's weight is incomplete from this block on.
    event WeightObserverFailed(uint256 indexed datasetId, address indexed observer);
    /// @notice Emitted when a dataset's reward token is set.
    event RewardTokenSet(uint256 indexed datasetId, address indexed token);
    /// @notice Emitted when a pool is funded; `amount` is what actually arrived.
    event PoolFunded(uint256 indexed datasetId, address indexed funder, uint256 amount);
    /// @notice Emitted when an account's accepted weight in a dataset changes.
    event WeightChanged(uint256 indexed datasetId, address indexed account, uint64 weight, uint96 totalWeight);
    /// @notice Emitted when part of the held funding is released to the weight that exists;
    /// `rewardPerWeight` is the pool's new accumulator.
    event HeldFundingReleased(uint256 indexed datasetId, uint256 amount, uint256 rewardPerWeight);
    /// @notice Emitted when rewards are paid to `account` (whoever sent the transaction).
    event RewardsClaimed(uint256 indexed datasetId, address indexed account, uint256 amount);

    /// @notice Only the registry changes weights and tokens.
    error NotRegistry(address caller);
    /// @notice The dataset has no reward token yet.
    error NoRewardToken(uint256 datasetId);
    /// @notice A dataset's reward token can be set once.
    error RewardTokenAlreadySet(uint256 datasetId, address token);
    /// @notice Amounts must be positive (after any transfer fee).
    error ZeroAmount();
    /// @notice The account has nothing to claim in the dataset.
    error NothingToClaim(uint256 datasetId, address account);
    /// @notice Tokens cannot be paid to the zero address.
    error ZeroAddress();
    /// @notice A weight observer must be a contract (a call to an address without code does nothing).
    error ObserverWithoutCode(address observer);
    /// @notice The transaction did not leave enough gas to hand the dataset's observer its whole budget.
    error InsufficientGasForObserver(uint256 datasetId, uint256 gasLeft, uint256 required);
    /// @notice A pool holds at most 2^128 - 1 units in total; this funding would pass it.
    error FundingCapExceeded(uint256 datasetId, uint256 funded, uint256 amount);

    /// @notice Pulls `amount` of the dataset's token from the caller into the pool.
    /// @return credited What arrived (less than `amount` for fee-on-transfer tokens).
    function fund(uint256 datasetId, uint256 amount) external returns (uint256 credited);

    /// @notice Same as `fund`, approving the vault through the token's ERC-2612 `permit` first.
    function fundWithPermit(
        uint256 datasetId,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 credited);

    /// @notice Pays `account` everything it has earned in the dataset.
    function claim(uint256 datasetId, address account) external returns (uint256 amount);

    /// @notice Pays `account` in several datasets at once; datasets with nothing to claim are skipped.
    function claimMany(uint256[] calldata datasetIds, address account) external returns (uint256[] memory amounts);

    /// @notice What `account` could claim in the dataset now.
    function claimable(uint256 datasetId, address account) external view returns (uint256);

    /// @notice `account`'s accepted weight in the dataset.
    function weightOf(uint256 datasetId, address account) external view returns (uint64);

    /// @notice Funding not yet released (held while no weight existed) and the seconds of release left; the
    /// release runs only while weight exists.
    function heldRelease(uint256 datasetId) external view returns (uint256 held, uint256 secondsLeft);

    /// @notice Time over which funding that arrived while no weight existed is released, in seconds.
    // solhint-disable-next-line func-name-mixedcase
    function HELD_RELEASE_PERIOD() external pure returns (uint256);

    /// @notice Reads a dataset's pool, with the held funding released up to now.
    function getPool(uint256 datasetId) external view returns (PoolView memory);

    /// @notice The registry whose datasets this vault pays for.
    function registry() external view returns (address);

    /// @notice The contract told of every weight change in the dataset, or address(0).
    function weightObserver(uint256 datasetId) external view returns (address);

    /// @notice The block in which the dataset's observer failed (and stopped being called), or 0.
    function weightObserverFailedAt(uint256 datasetId) external view returns (uint256);

    /// @notice Gas handed to a weight observer on each weight change; a call that needs more fails.
    // solhint-disable-next-line func-name-mixedcase
    function OBSERVER_GAS() external pure returns (uint256);

    /// @notice Registry only: sets the dataset's weight observer (a contract), at creation, before any weight
    /// exists. The observer is called with `OBSERVER_GAS` after each change; if that call fails, the observer
    /// is marked failed (`WeightObserverFailed`) and never called again, and the change stands.
    function setWeightObserver(uint256 datasetId, address observer) external;

    /// @notice Registry only: sets the dataset's token (once).
    function setRewardToken(uint256 datasetId, address token) external;

    /// @notice Registry only: credits accepted weight to `account`.
    function addWeight(uint256 datasetId, address account, uint64 weight) external;

    /// @notice Registry only: removes accepted weight from `account`; what it earned stays claimable.
    function removeWeight(uint256 datasetId, address account, uint64 weight) external;

    /// @notice Registry only: moves accepted weight between accounts; earnings so far stay with `from`.
    function moveWeight(uint256 datasetId, address from, address to, uint64 weight) external;
}
