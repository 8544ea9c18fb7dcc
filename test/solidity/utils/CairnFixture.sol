// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CairnRegistry} from "../../../contracts/CairnRegistry.sol";
import {RewardVault} from "../../../contracts/RewardVault.sol";
import {IDatasetRegistry} from "../../../contracts/interfaces/IDatasetRegistry.sol";
import {IContributionRegistry} from "../../../contracts/interfaces/IContributionRegistry.sol";
import {TestToken} from "../../../contracts/test/TestToken.sol";
import {CairnTest} from "./CairnTest.sol";

/// @notice A deployed registry, its vault and a reward token, with helpers to create datasets and to build
/// and sign EIP-712 contributions the way a contributor's wallet does.
abstract contract CairnFixture is CairnTest {
    bytes32 internal constant TERMS = keccak256("Cairn test terms v1");
    bytes32 internal constant EIP712_DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 internal constant CONTRIBUTION_TYPEHASH = keccak256(
        "Contribution(uint256 datasetId,bytes32 contentHash,bytes cid,uint64 size,bytes metadataCid,bytes32 termsHash,uint64 deadline)"
    );

    address internal steward = address(0x57E3);

    CairnRegistry internal registry;
    RewardVault internal vault;
    TestToken internal token;

    function setUp() public virtual {
        registry = new CairnRegistry();
        vault = RewardVault(registry.rewardVault());
        token = new TestToken("Reward", "RWD");
        vm.label(address(registry), "CairnRegistry");
        vm.label(address(vault), "RewardVault");
        vm.label(address(token), "TestToken");
    }

    /// @notice Creates a dataset stewarded by `steward`, paying in `token`, with `curators` and `quorum`.
    function _createDataset(address[] memory curators, uint8 quorum, uint8 defaultScore) internal returns (uint256) {
        return
            registry.createDataset(
                IDatasetRegistry.DatasetConfig({
                    steward: steward,
                    manifestCid: hex"0170",
                    termsHash: TERMS,
                    curators: curators,
                    quorum: quorum,
                    defaultScore: defaultScore,
                    rewardToken: address(token),
                    weightObserver: address(0)
                })
            );
    }

    /// @notice `count` distinct curator addresses starting at `first`.
    function _curators(uint160 first, uint256 count) internal pure returns (address[] memory curators) {
        curators = new address[](count);
        for (uint256 i; i < count; ++i) curators[i] = address(first + uint160(i));
    }

    /// @notice A CID-like byte string that differs for every `contentHash`.
    function _cid(bytes32 contentHash) internal pure returns (bytes memory) {
        return abi.encodePacked(hex"1220", contentHash);
    }

    /// @notice The registry's EIP-712 domain separator, computed independently of the registry.
    function _domainSeparator() internal view returns (bytes32) {
        return
            keccak256(
                abi.encode(EIP712_DOMAIN_TYPEHASH, keccak256("Cairn"), keccak256("1"), block.chainid, address(registry))
            );
    }

    /// @notice The EIP-712 digest of `item` under `termsHash`, computed independently of the registry.
    function _digest(
        IContributionRegistry.SignedContribution memory item,
        bytes32 termsHash
    ) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                CONTRIBUTION_TYPEHASH,
                item.datasetId,
                item.contentHash,
                keccak256(item.cid),
                item.size,
                keccak256(item.metadataCid),
                termsHash,
                item.deadline
            )
        );
        return keccak256(abi.encodePacked(hex"1901", _domainSeparator(), structHash));
    }

    /// @notice Signs `item` with `key` under `termsHash`, in the 65-byte r ‖ s ‖ v form.
    function _sign(
        uint256 key,
        IContributionRegistry.SignedContribution memory item,
        bytes32 termsHash
    ) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, _digest(item, termsHash));
        return abi.encodePacked(r, s, v);
    }

    /// @notice The EIP-2098 compact (64-byte) form of a 65-byte signature.
    function _compact(bytes memory signature) internal pure returns (bytes memory) {
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
        bytes32 vs = bytes32(uint256(s) | (uint256(v - 27) << 255));
        return abi.encodePacked(r, vs);
    }
}
