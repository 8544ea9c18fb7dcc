/**
 * The relayer's shapes, defined once in `schemas/relay.ts`: what they accept and refuse, and `relay()` /
 * `getRelayStatus()` checking every answer against them (here against a real HTTP server that is not a
 * relayer). The relayer's own suites run these schemas end to end.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import * as v from "valibot";
import {
  getRelayStatus,
  RelayContributionSchema,
  RelayError,
  RelayStatusSchema,
  relay,
  relayStatusNames,
  type SignedContribution,
  toRelayJson,
} from "../src/index.js";

const item: SignedContribution = {
  datasetId: 7n,
  contentHash: `0x${"ab".repeat(32)}`,
  cid: "bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am",
  size: 12n,
  deadline: 2_000_000_000n,
  contributor: `0x${"11".repeat(20)}`,
  signature: `0x${"22".repeat(65)}`,
  chainId: 31337,
  registry: `0x${"33".repeat(20)}`,
  termsHash: `0x${"44".repeat(32)}`,
};

const fieldOf = (input: unknown) => {
  const r = v.safeParse(RelayContributionSchema, input, { abortEarly: true });
  return r.success ? undefined : `${r.issues[0].path?.[0]?.key}: ${r.issues[0].message}`;
};

describe("relay shapes", () => {
  it("accepts what toRelayJson writes, and names the field of each malformed one", () => {
    assert.equal(fieldOf(toRelayJson(item)), undefined);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ datasetId: "0" }, /^datasetId: must be an integer of at least 1/],
      [{ datasetId: "01" }, /^datasetId:/],
      [{ size: (1n << 64n).toString() }, /^size: is out of range/],
      [{ contentHash: `0x${"00".repeat(32)}` }, /^contentHash: must not be zero/],
      [{ contentHash: "0x12" }, /^contentHash: must be 32 bytes of hex/],
      [{ cid: "not-a-cid" }, /^cid: is not a valid CID/],
      [{ metadataCid: "nope" }, /^metadataCid:/],
      [{ contributor: "0xabc" }, /^contributor: must be an address/],
      [{ signature: `0x${"ab".repeat(4097)}` }, /^signature: must be at most 4096 bytes/],
      [{ chainId: "31337" }, /^chainId: must be a positive integer/],
      [{ termsHash: undefined }, /^termsHash:/],
    ];
    for (const [change, expected] of cases) assert.match(fieldOf({ ...toRelayJson(item), ...change }) ?? "", expected);
    assert.equal(fieldOf({ ...toRelayJson(item), metadataCid: "" }), undefined, "no metadata");
  });

  it("knows every status name and refuses an answer with another", () => {
    assert.deepEqual([...relayStatusNames], ["queued", "submitted", "included", "skipped", "failed"]);
    const base = {
      key: `0x${"aa".repeat(32)}`,
      datasetId: "1",
      contentHash: item.contentHash,
      contributor: item.contributor,
    };
    assert.ok(
      v.is(RelayStatusSchema, {
        ...base,
        status: "included",
        tx: `0x${"bb".repeat(32)}`,
        block: "9",
        contributionId: "1:0x",
      }),
    );
    assert.ok(!v.is(RelayStatusSchema, { ...base, status: "done" }));
    assert.ok(!v.is(RelayStatusSchema, { ...base, status: "included" }), "included names its transaction");
  });
});

describe("relay() checks the answers it gets", () => {
  let server: Server;
  let url: string;
  let answer: { status: number; body: string } = { status: 200, body: "{}" };

  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it("refuses an answer that is not a relayer's, naming what is wrong", async () => {
    answer = { status: 202, body: JSON.stringify({ items: [{ key: "0x12", status: "queued" }] }) };
    await assert.rejects(
      relay(url, { items: [item] }),
      (e: unknown) => e instanceof RelayError && e.code === "invalid_response" && e.field === "items.0.key",
    );
    answer = { status: 200, body: JSON.stringify({ status: "lost" }) };
    await assert.rejects(
      getRelayStatus(url, `0x${"aa".repeat(32)}`),
      (e: unknown) => e instanceof RelayError && e.code === "invalid_response",
    );
  });

  it("turns a refusal into a RelayError with its code and field", async () => {
    answer = {
      status: 429,
      body: JSON.stringify({ error: { code: "quota_exceeded", field: "api_key", message: "too many items" } }),
    };
    await assert.rejects(
      relay(url, { items: [item] }),
      (e: unknown) =>
        e instanceof RelayError && e.status === 429 && e.code === "quota_exceeded" && e.field === "api_key",
    );
  });
});
