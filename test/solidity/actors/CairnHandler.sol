// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CairnRegistry} from "../../../contracts/CairnRegistry.sol";
import {RewardVault} from "../../../contracts/RewardVault.sol";
import {IDatasetRegistry} from "../../../contracts/interfaces/IDatasetRegistry.sol";
import {IContributionRegistry} from "../../../contracts/interfaces/IContributionRegistry.sol";
import {ICurationRegistry} from "../../../contracts/interfaces/ICurationRegistry.sol";
import {TestToken} from "../../../contracts/test/TestToken.sol";
import {FeeOnTransferToken} from "../../../contracts/test/FeeOnTransferToken.sol";
import {CairnTest} from "../utils/CairnTest.sol";
import {WeightLedger} from "./WeightLedger.sol";

/// @notice The invariant suite's actor: every public function is one random, valid-ish protocol operation
/// (create a dataset, contribute own or signed, review, fund, claim, transfer, withdraw, change policy or
/// status, let time pass). It keeps ghost variables of what it did and saw, and after every operation it
/// sweeps every contribution to record illegal status moves and outcomes the rules do not allow.
contract CairnHandler is CairnTest {
    uint256 public constant MAX_DATASETS = 3;
    /// @dev Few content hashes per dataset, so that duplicates are frequent.
    uint256 public constant CONTENT_SPACE = 16;
    uint256 public constant ACTORS = 5;
    uint256 public constant CURATORS = 4;
    bytes32 public constant TERMS = keccak256("Cairn invariant terms");
    uint8 private constant NONE = uint8(IContributionRegistry.ContributionStatus.None);
    uint8 private constant PENDING = uint8(IContributionRegistry.ContributionStatus.Pending);
    uint8 private constant ACCEPTED = uint8(IContributionRegistry.ContributionStatus.Accepted);
    uint8 private constant REJECTED = uint8(IContributionRegistry.ContributionStatus.Rejected);
    uint8 private constant WITHDRAWN = uint8(IContributionRegistry.ContributionStatus.Withdrawn);

    CairnRegistry public immutable registry;
    RewardVault public immutable vault;
    TestToken public immutable plainToken;
    FeeOnTransferToken public immutable feeToken;

    uint256[] public datasets;
    mapping(uint256 datasetId => WeightLedger) public ledgerOf;
    mapping(uint256 datasetId => address) public tokenOf;

    address[ACTORS] private _actors;
    uint256[ACTORS] private _keys;
    address[CURATORS] private _curators;

    // ---------------------------------------------------------------- ghosts

    /// @notice Successful registrations of each content hash in each dataset (must stay <= 1).
    mapping(uint256 datasetId => mapping(bytes32 contentHash => uint256)) public ghostRegistrations;
    /// @notice Who registered it first.
    mapping(uint256 datasetId => mapping(bytes32 contentHash => address)) public ghostFirstContributor;
    /// @notice The status seen at the last sweep.
    mapping(uint256 datasetId => mapping(bytes32 contentHash => uint8)) public ghostStatus;
    /// @notice Tokens paid by claims, per dataset, and tokens credited by fundings.
    mapping(uint256 datasetId => uint256) public ghostClaimed;
    mapping(uint256 datasetId => uint256) public ghostFunded;

    /// @notice Illegal status moves seen, and the last one described.
    uint256 public illegalTransitions;
    string public lastIllegalTransition;
    /// @notice Operations whose outcome broke a rule (a duplicate registered, a valid item refused, a claim
    /// that paid the wrong amount, ...), and the last one described.
    uint256 public unexpectedOutcomes;
    string public lastUnexpectedOutcome;

    /// @notice How often each operation ran, to read that the campaign exercised everything.
    mapping(string operation => uint256) public calls;

    constructor(CairnRegistry registry_) {
        registry = registry_;
        vault = RewardVault(registry_.rewardVault());
        plainToken = new TestToken("Reward", "RWD");
        feeToken = new FeeOnTransferToken(100);
        plainToken.approve(address(vault), type(uint256).max);
        feeToken.approve(address(vault), type(uint256).max);
        for (uint256 i; i < ACTORS; ++i) {
            _keys[i] = uint256(keccak256(abi.encode("cairn actor", i)));
            _actors[i] = vm.addr(_keys[i]);
            vm.label(_actors[i], string.concat("actor", _digit(i)));
        }
        for (uint256 i; i < CURATORS; ++i) {
            _curators[i] = address(uint160(0xC0000 + i));
            vm.label(_curators[i], string.concat("curator", _digit(i)));
        }
        _createDataset(2, 2, 40, 0, true);
    }

    // ---------------------------------------------------------------- reads for the invariants

    function datasetCount() external view returns (uint256) {
        return datasets.length;
    }

    function actor(uint256 i) external view returns (address) {
        return _actors[i];
    }

    function contentHash(uint256 i) public pure returns (bytes32) {
        return keccak256(abi.encode("cairn content", i));
    }

    // ---------------------------------------------------------------- operations: datasets

    function createDataset(uint256 quorumSeed, uint256 curatorSeed, uint256 scoreSeed, uint256 tokenSeed) external {
        if (datasets.length >= MAX_DATASETS) return;
        uint256 curatorCount = bound(curatorSeed, 0, CURATORS);
        uint256 quorum = bound(quorumSeed, 0, curatorCount);
        _createDataset(curatorCount, quorum, uint8(bound(scoreSeed, 1, 100)), tokenSeed, tokenSeed % 2 == 0);
        ++calls["createDataset"];
        _sweep();
    }

    function setReviewPolicy(uint256 datasetSeed, uint256 quorumSeed, uint256 scoreSeed) external {
        uint256 datasetId = _dataset(datasetSeed);
        uint256 quorum = bound(quorumSeed, 0, registry.getDataset(datasetId).curatorCount);
        registry.setReviewPolicy(datasetId, uint8(quorum), uint8(bound(scoreSeed, 1, 100)));
        ++calls["setReviewPolicy"];
        _sweep();
    }

    /// @notice Removes a curator when the quorum allows it, or gives a seat back.
    function toggleCurator(uint256 datasetSeed, uint256 curatorSeed) external {
        uint256 datasetId = _dataset(datasetSeed);
        address curator = _curators[curatorSeed % CURATORS];
        if (registry.isCurator(datasetId, curator)) {
            IDatasetRegistry.DatasetView memory ds = registry.getDataset(datasetId);
            if (ds.quorum > ds.curatorCount - 1) return;
            registry.removeCurator(datasetId, curator);
        } else {
            registry.addCurator(datasetId, curator);
        }
        ++calls["toggleCurator"];
        _sweep();
    }

    /// @notice Pauses or reopens a dataset; rarely closes one for good.
    function setStatus(uint256 datasetSeed, uint256 statusSeed) external {
        uint256 datasetId = _dataset(datasetSeed);
        if (registry.getDataset(datasetId).status == IDatasetRegistry.DatasetStatus.Closed) return;
        IDatasetRegistry.DatasetStatus status =
            statusSeed % 16 == 0
                ? IDatasetRegistry.DatasetStatus.Closed
                : (statusSeed % 2 == 0 ? IDatasetRegistry.DatasetStatus.Open : IDatasetRegistry.DatasetStatus.Paused);
        registry.setStatus(datasetId, status);
        ++calls["setStatus"];
        _sweep();
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 3 days));
        ++calls["warp"];
    }

    // ---------------------------------------------------------------- operations: contributions

    function contribute(uint256 actorSeed, uint256 datasetSeed, uint256 contentSeed) external {
        uint256 datasetId = _dataset(datasetSeed);
        bytes32 h = contentHash(contentSeed % CONTENT_SPACE);
        address contributor = _actors[actorSeed % ACTORS];
        bool expected = _registrable(datasetId, h);
        vm.prank(contributor);
        try registry.contribute(datasetId, h, 1024, _cid(h), "") {
            _registered(datasetId, h, contributor, expected, "contribute");
        } catch (bytes memory err) {
            _refused(datasetId, h, expected, err, "contribute");
        }
        ++calls["contribute"];
        _sweep();
    }

    /// @notice A batch of up to three own items in random datasets, often with duplicates.
    function contributeBatch(uint256 actorSeed, uint256[3] calldata itemSeeds, uint256 countSeed) external {
        address contributor = _actors[actorSeed % ACTORS];
        uint256 count = bound(countSeed, 1, 3);
        IContributionRegistry.ContributionInput[] memory items = new IContributionRegistry.ContributionInput[](count);
        bool[] memory expected = new bool[](count);
        for (uint256 i; i < count; ++i) {
            uint256 datasetId = _dataset(itemSeeds[i] >> 128);
            bytes32 h = contentHash(itemSeeds[i] % CONTENT_SPACE);
            items[i] = IContributionRegistry.ContributionInput(datasetId, h, 1024, _cid(h), "");
            // An earlier item of the same batch takes the content first.
            expected[i] = _registrable(datasetId, h) && !_earlierInBatch(items, i);
        }
        vm.prank(contributor);
        bytes4[] memory results = registry.contributeBatch(items);
        for (uint256 i; i < count; ++i) {
            if (results[i] == bytes4(0)) {
                _registered(items[i].datasetId, items[i].contentHash, contributor, expected[i], "contributeBatch");
            } else {
                _refused(items[i].datasetId, items[i].contentHash, expected[i], abi.encodePacked(results[i]), "batch");
            }
        }
        ++calls["contributeBatch"];
        _sweep();
    }

    /// @notice A contribution signed by an actor's key and submitted by the handler (a relayer), alone or
    /// in a batch, with the signer named or recovered; sometimes the signature is spoiled.
    function contributeBySig(uint256 actorSeed, uint256 datasetSeed, uint256 contentSeed, uint256 modeSeed) external {
        uint256 datasetId = _dataset(datasetSeed);
        uint256 who = actorSeed % ACTORS;
        bytes32 h = contentHash(contentSeed % CONTENT_SPACE);
        IContributionRegistry.SignedContribution memory item;
        item.datasetId = datasetId;
        item.contentHash = h;
        item.size = 1024;
        item.deadline = uint64(block.timestamp + 1 hours);
        item.contributor = modeSeed % 2 == 0 ? _actors[who] : address(0);
        item.cid = _cid(h);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keys[who], registry.contributionDigest(item));
        item.signature = abi.encodePacked(r, s, v);
        // One time in eight, a named signer's signature is over other bytes: it must be refused.
        bool spoiled = item.contributor != address(0) && (modeSeed >> 8) % 8 == 0;
        if (spoiled) item.size = 2048;
        bool expected = _registrable(datasetId, h) && !spoiled;

        if ((modeSeed >> 4) % 2 == 0) {
            try registry.contributeBySig(item) {
                _registered(datasetId, h, _actors[who], expected, "contributeBySig");
            } catch (bytes memory err) {
                _refused(datasetId, h, expected, err, "contributeBySig");
            }
        } else {
            IContributionRegistry.SignedContribution[] memory items = new IContributionRegistry.SignedContribution[](1);
            items[0] = item;
            bytes4[] memory results = registry.contributeBatchBySig(items);
            if (results[0] == bytes4(0)) _registered(datasetId, h, _actors[who], expected, "contributeBatchBySig");
            else _refused(datasetId, h, expected, abi.encodePacked(results[0]), "contributeBatchBySig");
        }
        ++calls["contributeBySig"];
        _sweep();
    }

    function review(
        uint256 curatorSeed,
        uint256 datasetSeed,
        uint256 contentSeed,
        bool accept,
        uint256 scoreSeed
    ) external {
        uint256 datasetId = _dataset(datasetSeed);
        // The first pending contribution from a random place, so that votes pile up on the same items.
        bytes32 h;
        for (uint256 i; i < CONTENT_SPACE && h == bytes32(0); ++i) {
            bytes32 candidate = contentHash((contentSeed + i) % CONTENT_SPACE);
            if (ghostStatus[datasetId][candidate] == PENDING) h = candidate;
        }
        if (h == bytes32(0)) return;
        // Mostly a seated curator; one time in eight whoever the seed names, seated or not.
        address curator = _curators[curatorSeed % CURATORS];
        for (uint256 i; i < CURATORS && (curatorSeed >> 8) % 8 != 0; ++i) {
            curator = _curators[(curatorSeed + i) % CURATORS];
            if (registry.isCurator(datasetId, curator)) break;
        }
        vm.prank(curator);
        try registry.review(datasetId, h, accept, uint8(bound(scoreSeed, 1, 100))) {
            if (!registry.isCurator(datasetId, curator)) _unexpected("review: a non-curator's vote counted");
        } catch (bytes memory err) {
            bytes4 selector = bytes4(err);
            if (selector != ICurationRegistry.AlreadyVoted.selector && selector != IDatasetRegistry.NotCurator.selector)
                _unexpected("review: a pending contribution refused a curator's first vote");
        }
        ++calls["review"];
        _sweep();
    }

    function transfer(uint256 datasetSeed, uint256 contentSeed, uint256 toSeed) external {
        uint256 datasetId = _dataset(datasetSeed);
        bytes32 h = contentHash(contentSeed % CONTENT_SPACE);
        uint8 status = ghostStatus[datasetId][h];
        if (status == NONE || status == WITHDRAWN) return;
        address owner = registry.getContribution(datasetId, h).owner;
        address to = _actors[toSeed % ACTORS];
        vm.prank(owner);
        registry.transferContribution(datasetId, h, to);
        if (registry.getContribution(datasetId, h).owner != to) _unexpected("transfer: owner unchanged");
        ++calls["transfer"];
        _sweep();
    }

    function withdraw(uint256 datasetSeed, uint256 contentSeed) external {
        uint256 datasetId = _dataset(datasetSeed);
        bytes32 h = contentHash(contentSeed % CONTENT_SPACE);
        uint8 status = ghostStatus[datasetId][h];
        if (status == NONE || status == WITHDRAWN) return;
        address owner = registry.getContribution(datasetId, h).owner;
        uint256 claimableBefore = vault.claimable(datasetId, owner);
        vm.prank(owner);
        registry.withdrawContribution(datasetId, h);
        // What it already earned stays claimable.
        if (vault.claimable(datasetId, owner) != claimableBefore) _unexpected("withdraw: earnings changed");
        ++calls["withdraw"];
        _sweep();
    }

    // ---------------------------------------------------------------- operations: rewards

    function fund(uint256 datasetSeed, uint256 amountSeed) external {
        uint256 datasetId = _dataset(datasetSeed);
        // One funding in four is extreme: anything up to what the pool still admits (2^128 - 1 in all), so the
        // campaign funds huge amounts over little weight and then adds weight (the old int192 debt overflowed).
        uint256 room = type(uint128).max - ghostFunded[datasetId];
        if (room == 0) return;
        uint256 amount =
            amountSeed % 4 == 0 ? bound(amountSeed >> 2, 1, room) : bound(amountSeed, 1, room < 1e24 ? room : 1e24);
        address token = tokenOf[datasetId];
        if (token == address(plainToken)) plainToken.mint(address(this), amount);
        else feeToken.mint(address(this), amount);
        uint256 expected = token == address(plainToken) ? amount : amount - (amount * feeToken.feeBps()) / 10_000;
        if (expected == 0) return;
        uint256 credited = vault.fund(datasetId, amount);
        if (credited != expected) _unexpected("fund: credited is not what arrived");
        ghostFunded[datasetId] += credited;
        ++calls["fund"];
        _sweep();
    }

    /// @notice Someone (not necessarily the account) claims for an actor in one dataset, or in all at once.
    function claim(uint256 datasetSeed, uint256 actorSeed, bool many) external {
        address account = _actors[actorSeed % ACTORS];
        if (many) {
            vm.prank(address(uint160(0xCA11E4 + ((actorSeed >> 128) % 3))));
            uint256[] memory amounts = vault.claimMany(datasets, account);
            for (uint256 i; i < amounts.length; ++i) ghostClaimed[datasets[i]] += amounts[i];
        } else {
            uint256 datasetId = _dataset(datasetSeed);
            uint256 expected = vault.claimable(datasetId, account);
            if (expected == 0) return;
            uint256 before = IERC20Like(tokenOf[datasetId]).balanceOf(account);
            vm.prank(address(uint160(0xCA11E4 + ((actorSeed >> 128) % 3))));
            uint256 amount = vault.claim(datasetId, account);
            uint256 received = IERC20Like(tokenOf[datasetId]).balanceOf(account) - before;
            if (amount != expected) _unexpected("claim: paid another amount than claimable");
            if (tokenOf[datasetId] == address(plainToken) && received != amount) {
                _unexpected("claim: the account did not receive the amount");
            }
            ghostClaimed[datasetId] += amount;
        }
        ++calls["claim"];
        _sweep();
    }

    // ---------------------------------------------------------------- internals

    function _createDataset(
        uint256 curatorCount,
        uint256 quorum,
        uint8 defaultScore,
        uint256 tokenSeed,
        bool withLedger
    ) private {
        address[] memory curators = new address[](curatorCount);
        for (uint256 i; i < curatorCount; ++i) curators[i] = _curators[i];
        address token = tokenSeed % 3 == 2 ? address(feeToken) : address(plainToken);
        uint256 expectedId = registry.datasetCount() + 1;
        WeightLedger ledger = withLedger ? new WeightLedger(address(vault), expectedId) : WeightLedger(address(0));
        uint256 datasetId = registry.createDataset(
            IDatasetRegistry.DatasetConfig({
                steward: address(this),
                manifestCid: hex"01701220",
                termsHash: TERMS,
                curators: curators,
                quorum: uint8(quorum),
                defaultScore: defaultScore,
                rewardToken: token,
                weightObserver: address(ledger)
            })
        );
        if (datasetId != expectedId) _unexpected("createDataset: ids do not run from 1");
        datasets.push(datasetId);
        ledgerOf[datasetId] = ledger;
        tokenOf[datasetId] = token;
    }

    function _dataset(uint256 seed) private view returns (uint256) {
        return datasets[seed % datasets.length];
    }

    function _registrable(uint256 datasetId, bytes32 h) private view returns (bool) {
        return
            registry.getDataset(datasetId).status == IDatasetRegistry.DatasetStatus.Open &&
            ghostRegistrations[datasetId][h] == 0;
    }

    function _earlierInBatch(
        IContributionRegistry.ContributionInput[] memory items,
        uint256 i
    ) private pure returns (bool) {
        for (uint256 j; j < i; ++j) {
            if (items[j].datasetId == items[i].datasetId && items[j].contentHash == items[i].contentHash) return true;
        }
        return false;
    }

    function _registered(uint256 datasetId, bytes32 h, address contributor, bool expected, string memory op) private {
        if (!expected) _unexpected(string.concat(op, ": registered an item the rules refuse"));
        if (ghostRegistrations[datasetId][h]++ == 0) ghostFirstContributor[datasetId][h] = contributor;
        if (registry.getContribution(datasetId, h).contributor != contributor) {
            _unexpected(string.concat(op, ": recorded another contributor"));
        }
    }

    function _refused(uint256 datasetId, bytes32 h, bool expected, bytes memory err, string memory op) private {
        if (expected) _unexpected(string.concat(op, ": refused an item the rules accept"));
        // A duplicate must be refused as a duplicate.
        if (
            ghostRegistrations[datasetId][h] != 0 &&
            registry.getDataset(datasetId).status == IDatasetRegistry.DatasetStatus.Open &&
            bytes4(err) != IContributionRegistry.DuplicateContribution.selector &&
            bytes4(err) != IContributionRegistry.InvalidSignature.selector
        ) _unexpected(string.concat(op, ": a duplicate was refused with another error"));
    }

    /// @dev Records, for every dataset and content hash, the status move since the last sweep.
    function _sweep() private {
        for (uint256 d; d < datasets.length; ++d) {
            uint256 datasetId = datasets[d];
            for (uint256 i; i < CONTENT_SPACE; ++i) {
                bytes32 h = contentHash(i);
                uint8 before = ghostStatus[datasetId][h];
                uint8 current =
                    before == NONE && ghostRegistrations[datasetId][h] == 0
                        ? _statusOrNone(datasetId, h)
                        : uint8(registry.getContribution(datasetId, h).status);
                if (current == before) continue;
                if (!_allowed(before, current)) {
                    ++illegalTransitions;
                    lastIllegalTransition = string.concat(
                        "dataset ",
                        _digit(datasetId),
                        " content ",
                        _digit(i),
                        ": status ",
                        _digit(before),
                        " -> ",
                        _digit(current)
                    );
                }
                ghostStatus[datasetId][h] = current;
            }
        }
    }

    function _statusOrNone(uint256 datasetId, bytes32 h) private view returns (uint8) {
        try registry.getContribution(datasetId, h) returns (IContributionRegistry.ContributionView memory c) {
            return uint8(c.status);
        } catch {
            return NONE;
        }
    }

    /// @dev None -> Pending | Accepted; Pending -> Accepted | Rejected | Withdrawn; Accepted | Rejected -> Withdrawn.
    function _allowed(uint8 from, uint8 to) private pure returns (bool) {
        if (from == NONE) return to == PENDING || to == ACCEPTED;
        if (from == PENDING) return to == ACCEPTED || to == REJECTED || to == WITHDRAWN;
        if (from == ACCEPTED || from == REJECTED) return to == WITHDRAWN;
        return false;
    }

    function _unexpected(string memory what) private {
        ++unexpectedOutcomes;
        lastUnexpectedOutcome = what;
    }

    function _cid(bytes32 h) private pure returns (bytes memory) {
        return abi.encodePacked(hex"1220", h);
    }

    function _digit(uint256 i) private pure returns (string memory) {
        if (i < 10) return string(abi.encodePacked(bytes1(uint8(48 + i))));
        return string.concat(_digit(i / 10), _digit(i % 10));
    }
}

/// @notice The one ERC-20 read the handler needs on either token.
interface IERC20Like {
    function balanceOf(address account) external view returns (uint256);
}
