// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IRewardVault} from "./interfaces/IRewardVault.sol";
import {IWeightObserver} from "./interfaces/IWeightObserver.sol";

/// @title RewardVault
/// @notice Pays each dataset's contributors pro rata to their accepted weight. Deployed by the registry,
/// which is the only caller allowed to change weights.
/// @dev Accounting is MasterChef-style with a debt so that no payout is forced on weight changes:
/// owed(account) = (weight * rewardPerWeight - debt) / PRECISION. A weight change of `d` adds
/// `d * rewardPerWeight` to the debt, which leaves `owed` unchanged; funding raises `rewardPerWeight`.
///
/// Bounds (why no amount a pool admits can overflow or revert an acceptance; fuzzed with extreme values in
/// test/solidity/VaultBounds.t.sol and the invariant suite):
/// - `funded` < 2^128 is enforced at the entrance (`FundingCapExceeded`), so every `rewardPerWeight` step,
///   credited * PRECISION / totalWeight, is below 2^128 * 1e18 < 2^188, and so is their sum: the steps of all
///   fundings add up to at most funded * PRECISION.
/// - An account's weight is a uint64, so weight * rewardPerWeight < 2^64 * 2^188 = 2^252: no uint256 overflow.
/// - The debt is kept modulo 2^192 (Uniswap v3's fee-growth technique): only the difference
///   weight * rewardPerWeight - debt is ever used, and its true value, what the account earned and has not
///   claimed (scaled, with its sub-unit dust), lies in [0, funded * PRECISION] ⊂ [0, 2^188]. Taken modulo
///   2^192 that difference is therefore exact, whatever weight arrived before or after any funding.
///   (A signed debt, as before, overflowed int192 once weight was added after a large funding over little
///   weight: 2^20 weight after 2^128 funded over weight 1 is 2^208.)
///
/// Funding that arrives while no weight exists is held, then released linearly over `HELD_RELEASE_PERIOD`
/// seconds of time during which weight exists (a lazy, Synthetix-style stream folded into `rewardPerWeight`
/// at each touch of the pool: O(1) per touch). Whoever holds weight at each moment of the release earns that
/// moment's part pro rata, so the first registrant cannot take funding that arrived before them: a contributor
/// accepted a day into a 30-day release shares the 29 days left. The release pauses while the weight is 0
/// again, and funding that arrives while no weight exists restarts the full period for everything held.
///
/// Weight observers (e.g. ContributionVotes) are told of each weight change after every state change of it
/// is written, in an isolated call with a fixed gas budget whose result cannot revert the caller; see
/// `_notify`. A dataset's observer can therefore break nothing but its own view of that dataset.
contract RewardVault is IRewardVault, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @dev Scale of `rewardPerWeight`.
    uint256 private constant PRECISION = 1e18;

    /// @dev Gas handed to a weight observer per weight change. ContributionVotes needs at most about 110k
    /// (a credit to a fresh account in a new block: a total-supply checkpoint, a delegation and two
    /// checkpoints; measured in test/governance/observer.test.ts), so the budget leaves it twice that.
    uint256 private constant _OBSERVER_GAS = 250_000;
    /// @dev Gas the caller must hold on top of 64/63 of the budget when calling, for the CALL itself (a cold
    /// account access is 2,600) and the code after it; so the observer always receives its whole budget.
    uint256 private constant _OBSERVER_CALL_RESERVE = 10_000;
    /// @dev Time over which funding that waited for weight is released to the weight that exists.
    uint32 private constant _HELD_RELEASE_PERIOD = 30 days;

    /// @dev Slot 0 is what a claim and a funding both read: token (160) | totalWeight (96).
    /// Slot 1, what every weight change reads: rewardPerWeight (192; below 2^188, see the bounds) |
    /// heldAt (32, the block time of the last release, modulo 2^32) | heldLeft (32, seconds of release left;
    /// non-zero exactly when funding is held). Slot 2: funded (128) | held (128), funding not yet released.
    struct Pool {
        IERC20 token;
        uint96 totalWeight;
        uint192 rewardPerWeight;
        uint32 heldAt;
        uint32 heldLeft;
        uint128 funded;
        uint128 held;
    }

    /// @dev One slot per account and dataset: weight (64) | debt (192, scaled by PRECISION, modulo 2^192).
    struct Account {
        uint64 weight;
        uint192 debt;
    }

    /// @dev One slot per dataset: observer (160) | failedAt (64), the block in which it failed, or 0.
    struct Observer {
        address target;
        uint64 failedAt;
    }

    /// @inheritdoc IRewardVault
    address public immutable registry;

    mapping(uint256 datasetId => Pool) private _pools;
    mapping(uint256 datasetId => mapping(address account => Account)) private _accounts;
    mapping(uint256 datasetId => Observer) private _observers;

    constructor() {
        registry = msg.sender;
    }

    modifier onlyRegistry() {
        if (msg.sender != registry) revert NotRegistry(msg.sender);
        _;
    }

    /// @notice Version of this deployment's rules, for clients.
    function version() external pure returns (string memory) {
        return "1.2.0";
    }

    /// @inheritdoc IRewardVault
    // solhint-disable-next-line func-name-mixedcase
    function OBSERVER_GAS() external pure returns (uint256) {
        return _OBSERVER_GAS;
    }

    /// @inheritdoc IRewardVault
    // solhint-disable-next-line func-name-mixedcase
    function HELD_RELEASE_PERIOD() external pure returns (uint256) {
        return _HELD_RELEASE_PERIOD;
    }

    // ---------------------------------------------------------------- funding

    /// @inheritdoc IRewardVault
    function fund(uint256 datasetId, uint256 amount) external nonReentrant returns (uint256 credited) {
        return _fund(datasetId, amount);
    }

    /// @inheritdoc IRewardVault
    function fundWithPermit(
        uint256 datasetId,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 credited) {
        address token = address(_pools[datasetId].token);
        if (token == address(0)) revert NoRewardToken(datasetId);
        // A permit already used by a front-runner still leaves the allowance in place, so a failed
        // permit is not fatal; the transfer below fails clearly if the allowance is missing.
        try IERC20Permit(token).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        return _fund(datasetId, amount);
    }

    function _fund(uint256 datasetId, uint256 amount) private returns (uint256 credited) {
        if (amount == 0) revert ZeroAmount();
        Pool storage pool = _pools[datasetId];
        IERC20 token = pool.token;
        if (address(token) == address(0)) revert NoRewardToken(datasetId);

        // Credit what arrived, not what was asked: fee-on-transfer tokens deliver less.
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        credited = token.balanceOf(address(this)) - before;
        if (credited == 0) revert ZeroAmount();

        uint256 funded = uint256(pool.funded) + credited;
        if (funded > type(uint128).max) revert FundingCapExceeded(datasetId, pool.funded, credited);
        pool.funded = uint128(funded);
        uint96 totalWeight = pool.totalWeight;
        if (totalWeight == 0) {
            // Nobody can earn it yet: it is held, and the whole of what is held is released over a full
            // period from the moment weight exists (the clock only runs while weight exists).
            // held <= funded < 2^128.
            pool.held = uint128(pool.held + credited);
            pool.heldAt = uint32(block.timestamp);
            pool.heldLeft = _HELD_RELEASE_PERIOD;
        } else {
            // Below 2^188 (see the contract notes), so the narrowing is exact.
            pool.rewardPerWeight = uint192(pool.rewardPerWeight + (credited * PRECISION) / totalWeight);
        }
        emit PoolFunded(datasetId, msg.sender, credited);
    }

    // ---------------------------------------------------------------- claiming

    /// @inheritdoc IRewardVault
    function claim(uint256 datasetId, address account) external nonReentrant returns (uint256 amount) {
        amount = _claim(datasetId, account);
        if (amount == 0) revert NothingToClaim(datasetId, account);
    }

    /// @inheritdoc IRewardVault
    function claimMany(
        uint256[] calldata datasetIds,
        address account
    ) external nonReentrant returns (uint256[] memory amounts) {
        amounts = new uint256[](datasetIds.length);
        for (uint256 i; i < datasetIds.length; ++i) {
            amounts[i] = _claim(datasetIds[i], account);
        }
    }

    function _claim(uint256 datasetId, address account) private returns (uint256 amount) {
        if (account == address(0)) revert ZeroAddress();
        Pool storage pool = _pools[datasetId];
        uint256 rewardPerWeight = _release(datasetId, pool, pool.totalWeight);
        Account storage acct = _accounts[datasetId][account];
        uint192 debt = acct.debt;
        amount = _owed(acct.weight, rewardPerWeight, debt);
        if (amount == 0) return 0;

        // Keep the sub-unit remainder in the debt so rounding never loses an account's dust.
        // Modulo 2^192 by design (see the contract notes); amount * PRECISION <= funded * PRECISION < 2^188.
        unchecked {
            acct.debt = uint192(uint256(debt) + amount * PRECISION);
        }
        pool.token.safeTransfer(account, amount);
        emit RewardsClaimed(datasetId, account, amount);
    }

    // ---------------------------------------------------------------- weights (registry only)

    /// @inheritdoc IRewardVault
    function setRewardToken(uint256 datasetId, address token) external onlyRegistry {
        if (token == address(0)) revert ZeroAddress();
        Pool storage pool = _pools[datasetId];
        if (address(pool.token) != address(0)) revert RewardTokenAlreadySet(datasetId, address(pool.token));
        pool.token = IERC20(token);
        emit RewardTokenSet(datasetId, token);
    }

    /// @inheritdoc IRewardVault
    function setWeightObserver(uint256 datasetId, address observer) external onlyRegistry {
        // Only called at dataset creation, so the observer sees every weight change from the first one.
        // A call to an address without code succeeds without doing anything: refuse it here, where the
        // creator sees the error, rather than let the dataset's governance silently miss every change.
        if (observer.code.length == 0) revert ObserverWithoutCode(observer);
        _observers[datasetId].target = observer;
        emit WeightObserverSet(datasetId, observer);
    }

    /// @inheritdoc IRewardVault
    function addWeight(uint256 datasetId, address account, uint64 weight) external onlyRegistry {
        Pool storage pool = _pools[datasetId];
        _increase(datasetId, pool, _release(datasetId, pool, pool.totalWeight), account, weight);
        _notify(datasetId, address(0), account, weight);
    }

    /// @inheritdoc IRewardVault
    function removeWeight(uint256 datasetId, address account, uint64 weight) external onlyRegistry {
        Pool storage pool = _pools[datasetId];
        _decrease(datasetId, pool, _release(datasetId, pool, pool.totalWeight), account, weight);
        _notify(datasetId, account, address(0), weight);
    }

    /// @inheritdoc IRewardVault
    function moveWeight(uint256 datasetId, address from, address to, uint64 weight) external onlyRegistry {
        Pool storage pool = _pools[datasetId];
        uint256 rewardPerWeight = _release(datasetId, pool, pool.totalWeight);
        _decrease(datasetId, pool, rewardPerWeight, from, weight);
        _increase(datasetId, pool, rewardPerWeight, to, weight);
        _notify(datasetId, from, to, weight);
    }

    /// @dev Tells the dataset's observer, last, after every state change of this weight change is written
    /// (nothing here depends on what the observer does). The call is isolated: a fixed gas budget, no value,
    /// no return data copied (a "return bomb" costs nothing), and its failure never reverts the caller, so an
    /// observer that reverts, burns gas, has no code left or re-enters (the registry refuses re-entry) cannot
    /// revert another dataset's batch items, lock a contributor in or brick acceptances. A failure is final
    /// and public: the observer's view of the dataset is incomplete from then on, so it is never called again,
    /// `WeightObserverFailed` is emitted and `weightObserverFailedAt` tells its governance (ContributionVotes
    /// then refuses to report a supply from that block on). The sender cannot starve the observer on purpose
    /// to make it fail: unless the whole budget can be handed over, the transaction reverts.
    function _notify(uint256 datasetId, address from, address to, uint64 weight) private {
        Observer storage observer = _observers[datasetId];
        address target = observer.target;
        if (target == address(0) || observer.failedAt != 0) return;
        uint256 required = (_OBSERVER_GAS * 64) / 63 + _OBSERVER_CALL_RESERVE;
        if (gasleft() < required) revert InsufficientGasForObserver(datasetId, gasleft(), required);
        bytes4 selector = IWeightObserver.onWeightMoved.selector;
        bool ok;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), datasetId)
            mstore(add(ptr, 0x24), from)
            mstore(add(ptr, 0x44), to)
            mstore(add(ptr, 0x64), weight)
            ok := call(_OBSERVER_GAS, target, 0, ptr, 0x84, 0, 0)
        }
        if (!ok) {
            observer.failedAt = uint64(block.number);
            emit WeightObserverFailed(datasetId, target);
        }
    }

    function _increase(
        uint256 datasetId,
        Pool storage pool,
        uint256 rewardPerWeight,
        address account,
        uint64 weight
    ) private {
        Account storage acct = _accounts[datasetId][account];
        uint64 newWeight = acct.weight + weight;
        acct.weight = newWeight;
        // Modulo 2^192 by design (see the contract notes); weight * rewardPerWeight < 2^64 * 2^188.
        unchecked {
            acct.debt = uint192(uint256(acct.debt) + uint256(weight) * rewardPerWeight);
        }
        uint96 totalWeight = pool.totalWeight + weight;
        pool.totalWeight = totalWeight;
        emit WeightChanged(datasetId, account, newWeight, totalWeight);
    }

    function _decrease(
        uint256 datasetId,
        Pool storage pool,
        uint256 rewardPerWeight,
        address account,
        uint64 weight
    ) private {
        Account storage acct = _accounts[datasetId][account];
        uint64 newWeight = acct.weight - weight;
        acct.weight = newWeight;
        // Modulo 2^192 by design (see the contract notes): wrapping below zero is intended.
        unchecked {
            acct.debt = uint192(uint256(acct.debt) - uint256(weight) * rewardPerWeight);
        }
        uint96 totalWeight = pool.totalWeight - weight;
        pool.totalWeight = totalWeight;
        emit WeightChanged(datasetId, account, newWeight, totalWeight);
    }

    // ---------------------------------------------------------------- held funding

    /// @dev Folds the part of the held funding that is due since the last touch into `rewardPerWeight`, over
    /// `totalWeight` (the weight that existed all that time: every weight change calls this first), and
    /// returns the rate to use now. Costs one warm read when nothing is held.
    function _release(uint256 datasetId, Pool storage pool, uint96 totalWeight) private returns (uint256) {
        uint256 rewardPerWeight = pool.rewardPerWeight;
        uint32 left = pool.heldLeft;
        if (left == 0) return rewardPerWeight;
        uint32 at = pool.heldAt;
        if (at == uint32(block.timestamp)) return rewardPerWeight;
        uint128 held = pool.held;
        (uint256 released, uint32 elapsed) = _due(at, left, held, totalWeight);
        pool.heldAt = uint32(block.timestamp);
        if (elapsed == 0) return rewardPerWeight;
        // elapsed <= left and released <= held.
        unchecked {
            pool.heldLeft = left - elapsed;
            pool.held = uint128(held - released);
        }
        if (released != 0) {
            // Below 2^188 (see the contract notes): the sum of all steps is at most funded * PRECISION.
            rewardPerWeight += (released * PRECISION) / totalWeight;
            pool.rewardPerWeight = uint192(rewardPerWeight);
            emit HeldFundingReleased(datasetId, released, rewardPerWeight);
        }
        return rewardPerWeight;
    }

    /// @dev What of `held` is due after the seconds elapsed since `at` (at most `left`), while `totalWeight`
    /// existed: held * elapsed / left, all of it when the period ends. Nothing while no weight exists (the
    /// release pauses). Times are kept modulo 2^32 (Uniswap v2's technique), exact for gaps under 136 years.
    function _due(
        uint32 at,
        uint32 left,
        uint128 held,
        uint96 totalWeight
    ) private view returns (uint256 released, uint32 elapsed) {
        if (totalWeight == 0) return (0, 0);
        unchecked {
            elapsed = uint32(block.timestamp) - at;
        }
        if (elapsed > left) elapsed = left;
        released = elapsed == left ? held : (uint256(held) * elapsed) / left;
    }

    /// @dev The pool's rate and held amount as `_release` would leave them now (for the views).
    function _current(Pool storage pool) private view returns (uint256 rewardPerWeight, uint128 held, uint32 left) {
        rewardPerWeight = pool.rewardPerWeight;
        held = pool.held;
        left = pool.heldLeft;
        uint96 totalWeight = pool.totalWeight;
        if (left == 0 || totalWeight == 0) return (rewardPerWeight, held, left);
        (uint256 released, uint32 elapsed) = _due(pool.heldAt, left, held, totalWeight);
        unchecked {
            left -= elapsed;
            held -= uint128(released);
        }
        rewardPerWeight += (released * PRECISION) / totalWeight;
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IRewardVault
    function claimable(uint256 datasetId, address account) external view returns (uint256) {
        Account storage acct = _accounts[datasetId][account];
        (uint256 rewardPerWeight, , ) = _current(_pools[datasetId]);
        return _owed(acct.weight, rewardPerWeight, acct.debt);
    }

    /// @inheritdoc IRewardVault
    function weightObserver(uint256 datasetId) external view returns (address) {
        return _observers[datasetId].target;
    }

    /// @inheritdoc IRewardVault
    function weightObserverFailedAt(uint256 datasetId) external view returns (uint256) {
        return _observers[datasetId].failedAt;
    }

    /// @inheritdoc IRewardVault
    function weightOf(uint256 datasetId, address account) external view returns (uint64) {
        return _accounts[datasetId][account].weight;
    }

    /// @inheritdoc IRewardVault
    function getPool(uint256 datasetId) external view returns (PoolView memory) {
        Pool storage pool = _pools[datasetId];
        (uint256 rewardPerWeight, uint128 held, ) = _current(pool);
        return PoolView(address(pool.token), pool.totalWeight, rewardPerWeight, pool.funded, held);
    }

    /// @inheritdoc IRewardVault
    function heldRelease(uint256 datasetId) external view returns (uint256 held, uint256 secondsLeft) {
        (, held, secondsLeft) = _current(_pools[datasetId]);
    }

    function _owed(uint64 weight, uint256 rewardPerWeight, uint192 debt) private pure returns (uint256) {
        // The difference modulo 2^192 is the exact amount earned and not claimed (see the contract notes).
        unchecked {
            return uint192(uint256(weight) * rewardPerWeight - uint256(debt)) / PRECISION;
        }
    }
}
