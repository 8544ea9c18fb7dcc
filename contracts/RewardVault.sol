// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IRewardVault} from "./interfaces/IRewardVault.sol";
import {IWeightObserver} from "./interfaces/IWeightObserver.sol";

/// @title RewardVault
/// @notice Pays each dataset's contributors pro rata to their accepted weight. Deployed by the registry,
/// which is the only caller allowed to change weights.
/// @dev Accounting is MasterChef-style with a signed debt so that no payout is forced on weight changes:
/// owed(account) = (weight * rewardPerWeight - debt) / PRECISION. A weight change of `d` adds
/// `d * rewardPerWeight` to the debt, which leaves `owed` unchanged; funding raises `rewardPerWeight`.
contract RewardVault is IRewardVault, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using SafeCast for int256;

    /// @dev Scale of `rewardPerWeight`. With funded <= 2^128 and weight >= 1, weight * rewardPerWeight
    /// stays below 2^128 * 1e18 < 2^188, inside the int192 debt.
    uint256 private constant PRECISION = 1e18;

    /// @dev Slot 0 is what a claim and a funding both read: token (160) | totalWeight (96).
    /// Slot 1: rewardPerWeight. Slot 2: funded (128) | held (128), funding that waits for weight.
    struct Pool {
        IERC20 token;
        uint96 totalWeight;
        uint256 rewardPerWeight;
        uint128 funded;
        uint128 held;
    }

    /// @dev One slot per account and dataset: weight (64) | debt (192, signed, scaled by PRECISION).
    struct Account {
        uint64 weight;
        int192 debt;
    }

    /// @inheritdoc IRewardVault
    address public immutable registry;

    mapping(uint256 datasetId => Pool) private _pools;
    mapping(uint256 datasetId => mapping(address account => Account)) private _accounts;
    mapping(uint256 datasetId => IWeightObserver) private _observers;

    constructor() {
        registry = msg.sender;
    }

    modifier onlyRegistry() {
        if (msg.sender != registry) revert NotRegistry(msg.sender);
        _;
    }

    /// @notice Version of this deployment's rules, for clients.
    function version() external pure returns (string memory) {
        return "1.0.0";
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

        pool.funded = (uint256(pool.funded) + credited).toUint128();
        uint96 totalWeight = pool.totalWeight;
        if (totalWeight == 0) {
            pool.held = (uint256(pool.held) + credited).toUint128();
        } else {
            pool.rewardPerWeight += (credited * PRECISION) / totalWeight;
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
        Account storage acct = _accounts[datasetId][account];
        uint256 rewardPerWeight = pool.rewardPerWeight;
        int256 debt = acct.debt;
        amount = _owed(acct.weight, rewardPerWeight, debt);
        if (amount == 0) return 0;

        // Keep the sub-unit remainder in the debt so rounding never loses an account's dust.
        acct.debt = (debt + (amount * PRECISION).toInt256()).toInt192();
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
        _observers[datasetId] = IWeightObserver(observer);
        emit WeightObserverSet(datasetId, observer);
    }

    /// @inheritdoc IRewardVault
    function addWeight(uint256 datasetId, address account, uint64 weight) external onlyRegistry {
        _increase(datasetId, _pools[datasetId], account, weight);
        _notify(datasetId, address(0), account, weight);
    }

    /// @inheritdoc IRewardVault
    function removeWeight(uint256 datasetId, address account, uint64 weight) external onlyRegistry {
        _decrease(datasetId, _pools[datasetId], account, weight);
        _notify(datasetId, account, address(0), weight);
    }

    /// @inheritdoc IRewardVault
    function moveWeight(uint256 datasetId, address from, address to, uint64 weight) external onlyRegistry {
        Pool storage pool = _pools[datasetId];
        _decrease(datasetId, pool, from, weight);
        _increase(datasetId, pool, to, weight);
        _notify(datasetId, from, to, weight);
    }

    function _notify(uint256 datasetId, address from, address to, uint64 weight) private {
        IWeightObserver observer = _observers[datasetId];
        if (address(observer) != address(0)) observer.onWeightMoved(datasetId, from, to, weight);
    }

    function _increase(uint256 datasetId, Pool storage pool, address account, uint64 weight) private {
        Account storage acct = _accounts[datasetId][account];
        uint256 rewardPerWeight = pool.rewardPerWeight;
        uint64 newWeight = acct.weight + weight;
        acct.weight = newWeight;
        acct.debt += (uint256(weight) * rewardPerWeight).toInt256().toInt192();

        uint96 totalWeight = pool.totalWeight + weight;
        pool.totalWeight = totalWeight;
        // Funding that waited for weight is shared now, after this account's debt was set at the old
        // rate, so the first accepted contributors receive it.
        if (totalWeight == weight) {
            uint128 held = pool.held;
            if (held != 0) {
                pool.held = 0;
                pool.rewardPerWeight = rewardPerWeight + (uint256(held) * PRECISION) / totalWeight;
            }
        }
        emit WeightChanged(datasetId, account, newWeight, totalWeight);
    }

    function _decrease(uint256 datasetId, Pool storage pool, address account, uint64 weight) private {
        Account storage acct = _accounts[datasetId][account];
        uint64 newWeight = acct.weight - weight;
        acct.weight = newWeight;
        acct.debt -= (uint256(weight) * pool.rewardPerWeight).toInt256().toInt192();
        uint96 totalWeight = pool.totalWeight - weight;
        pool.totalWeight = totalWeight;
        emit WeightChanged(datasetId, account, newWeight, totalWeight);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IRewardVault
    function claimable(uint256 datasetId, address account) external view returns (uint256) {
        Account storage acct = _accounts[datasetId][account];
        return _owed(acct.weight, _pools[datasetId].rewardPerWeight, acct.debt);
    }

    /// @inheritdoc IRewardVault
    function weightObserver(uint256 datasetId) external view returns (address) {
        return address(_observers[datasetId]);
    }

    /// @inheritdoc IRewardVault
    function weightOf(uint256 datasetId, address account) external view returns (uint64) {
        return _accounts[datasetId][account].weight;
    }

    /// @inheritdoc IRewardVault
    function getPool(uint256 datasetId) external view returns (PoolView memory) {
        Pool storage pool = _pools[datasetId];
        return PoolView(address(pool.token), pool.totalWeight, pool.rewardPerWeight, pool.funded, pool.held);
    }

    function _owed(uint64 weight, uint256 rewardPerWeight, int256 debt) private pure returns (uint256) {
        // weight * rewardPerWeight >= debt always holds (owed never goes negative), see the contract notes.
        return uint256(int256(uint256(weight) * rewardPerWeight) - debt) / PRECISION;
    }
}
