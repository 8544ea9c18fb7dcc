import { useEffect, useState } from "react";

/**
 * Hash routes (`#/datasets/3`): static files on any host, no server rewrites needed.
 * Returns the path's segments and the query after `?`.
 */
export type Route = { segments: string[]; query: URLSearchParams };

export function parseHash(hash: string): Route {
  const [path, query = ""] = hash.replace(/^#/, "").split("?");
  return { segments: path.split("/").filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [hash, setHash] = useState(() => globalThis.location.hash);
  useEffect(() => {
    const onChange = () => setHash(globalThis.location.hash);
    globalThis.addEventListener("hashchange", onChange);
    return () => globalThis.removeEventListener("hashchange", onChange);
  }, []);
  return parseHash(hash);
}

export const href = {
  datasets: () => "#/",
  dataset: (id: bigint | string) => `#/datasets/${id}`,
  contribute: (id: bigint | string) => `#/datasets/${id}/contribute`,
  fund: (id: bigint | string) => `#/datasets/${id}/fund`,
  manage: (id: bigint | string) => `#/datasets/${id}/manage`,
  review: () => "#/review",
  rewards: () => "#/rewards",
  steward: () => "#/steward",
  /** The governed datasets, or one dataset's governance. */
  govern: (id?: bigint | string) => (id === undefined ? "#/govern" : `#/datasets/${id}/govern`),
};
