import { useQuery } from "@tanstack/react-query";
import { zeroAddress } from "viem";
import { useCairn } from "./cairn.js";

/** The one factory function the dataset page needs (not the whole ABI: the dataset page stays light). */
const governanceOfAbi = [
  {
    type: "function",
    name: "governanceOf",
    stateMutability: "view",
    inputs: [{ name: "datasetId", type: "uint256" }],
    outputs: [
      {
        name: "",
        type: "tuple",
        components: [
          { name: "votes", type: "address" },
          { name: "timelock", type: "address" },
          { name: "governor", type: "address" },
        ],
      },
    ],
  },
] as const;

/** Whether the config's GovernedDatasetFactory governs `datasetId` (one read): the dataset page links to Govern. */
export function useIsGoverned(datasetId: bigint, { after = true }: { after?: boolean } = {}) {
  const { client, config } = useCairn();
  return useQuery({
    queryKey: ["isGoverned", datasetId.toString()],
    enabled: Boolean(config.factory) && after,
    queryFn: async () => {
      const found = await client.publicClient.readContract({
        address: config.factory as `0x${string}`,
        abi: governanceOfAbi,
        functionName: "governanceOf",
        args: [datasetId],
      });
      return found.governor !== zeroAddress;
    },
  });
}
