import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cairn, devAddresses, devKeys, finished, freePort, json, repoRoot, sleep, start, startDev } from "./helpers.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

// The three groups use different accounts (no nonce races), so they run side by side. Each `cairn`
// run costs ~3-4 s of CPU (mostly loading the SDK's dependencies); the suite takes ~1 min on an idle
// 2-core machine, several on a loaded one: hence the generous timeout.
describe("the cairn binary against a `cairn dev` network", { timeout: 600_000, concurrency: true }, () => {
  let dir: string;
  let dev: ChildProcess;
  let rpcPort: number;
  let gatewayPort: number;
  const as = (key: number) => ({ cwd: dir, env: { CAIRN_PRIVATE_KEY: devKeys[key] } });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cairn-cli-"));
    rpcPort = await freePort();
    gatewayPort = await freePort();
    ({ child: dev } = await startDev(dir, rpcPort, gatewayPort));
  });

  after(async () => {
    if (dev && dev.exitCode === null) {
      const done = finished(dev);
      dev.kill("SIGINT");
      const result = await Promise.race([done, sleep(15_000).then(() => undefined)]);
      if (!result) dev.kill("SIGKILL");
      // Ctrl-C stops `cairn dev` cleanly
      assert.ok(result, "cairn dev did not stop on SIGINT");
      assert.equal(result.code, 0);
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes .cairn/dev.json with the endpoints and addresses", async () => {
    const devFile = JSON.parse(await readFile(join(dir, ".cairn", "dev.json"), "utf8"));
    assert.equal(devFile.rpc, `http://127.0.0.1:${rpcPort}`);
    assert.equal(devFile.gateway, `http://127.0.0.1:${gatewayPort}`);
    assert.match(devFile.registry, /^0x[0-9a-fA-F]{40}$/);
    assert.match(devFile.token, /^0x[0-9a-fA-F]{40}$/);
    assert.equal(devFile.accounts[0].address, devAddresses[0]);
    const status = await json(["status"], as(0));
    assert.equal(status.chainId, 31337);
    assert.equal(status.account, devAddresses[0]);
    assert.equal(status.balances.token, (10n ** 24n).toString());
  });

  it("documents every command and the exit codes, from `npx cairn` at the repo root", async () => {
    const viaNpx = execFileSync("npx", ["--no-install", "cairn", "--help"], { cwd: repoRoot, encoding: "utf8" });
    assert.match(viaNpx, /Exit codes:/);
    assert.match(viaNpx, /2 +network failure/);
    for (const command of [
      "dev",
      "dataset",
      "contribute",
      "review",
      "fund",
      "rewards",
      "claim",
      "verify",
      "export",
      "status",
      "account",
    ]) {
      assert.match(viaNpx, new RegExp(`\\n  ${command} `), command);
    }
    const help = await cairn(["contribute", "--help"], { cwd: dir });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:/);
    assert.match(help.stdout, /--dataset <id>/);
  });

  describe("the whole path: create → contribute a folder → review → fund → rewards → claim → verify → export", {
    concurrency: false,
  }, () => {
    let datasetId: string;
    const files: Record<string, Buffer> = {};
    let hashes: string[];
    let items: Array<{ contentHash: string; cid: string }>;

    it("creates a dataset with a curator, paying in the dev token", async () => {
      const created = await json(
        [
          "dataset",
          "create",
          "--name",
          "Methali",
          "--description",
          "Swahili proverbs",
          "--language",
          "sw",
          "--license",
          "CC-BY-4.0",
          "--curator",
          devAddresses[1],
          "--quorum",
          "1",
        ],
        as(0),
      );
      datasetId = created.datasetId;
      const shown = await json(["dataset", "show", datasetId], { cwd: dir });
      assert.equal(shown.manifest.name, "Methali");
      assert.equal(shown.dataset.status, "open");
      assert.deepEqual(shown.curators, [devAddresses[1]]);
    });

    it("contributes a folder, recursively, in one run", async () => {
      const folder = join(dir, "proverbs");
      await mkdir(join(folder, "more"), { recursive: true });
      files["haba.txt"] = Buffer.from("Haba na haba hujaza kibaba.\n");
      files["pole.txt"] = Buffer.from("Pole pole ndio mwendo.\n");
      files["more/asiyefunzwa.txt"] = Buffer.from("Asiyefunzwa na mamaye hufunzwa na ulimwengu.\n");
      files["more/big.bin"] = randomBytes(3 * 1024 * 1024 + 17);
      for (const [name, bytes] of Object.entries(files)) await writeFile(join(folder, name), bytes);
      const result = await json(["contribute", folder, "--dataset", datasetId], as(2));
      assert.equal(result.registered, 4);
      assert.equal(result.files, 4);
      items = result.items;
      hashes = items.map((i) => i.contentHash);
      for (const bytes of Object.values(files)) assert.ok(hashes.includes(`0x${sha256(bytes)}`));
      const pending = await json(["contributions", datasetId, "--status", "pending"], { cwd: dir });
      assert.equal(pending.count, 4);
      // each one names the local file this machine contributed it from (from the contribute journal)
      for (const [name, bytes] of Object.entries(files)) {
        const listed = pending.contributions.find(
          (c: { contentHash: string }) => c.contentHash === `0x${sha256(bytes)}`,
        );
        assert.equal(listed?.file, join(folder, name));
      }
      const listing = await cairn(["contributions", datasetId], { cwd: dir });
      assert.match(listing.stdout, new RegExp(`file ${join(folder, "pole.txt").replaceAll("/", "\\/")}`));

      // the same command again: a finished run is not "resumed"; everything is recognised on-chain,
      // nothing registered twice
      const againRun = await cairn(["contribute", folder, "--dataset", datasetId, "--json"], as(2));
      assert.equal(againRun.code, 0, againRun.stderr);
      assert.doesNotMatch(againRun.stderr, /Resuming/);
      const again = JSON.parse(againRun.stdout);
      assert.equal(again.registered, 0);
      assert.equal(again.alreadyRegistered, 4);
    });

    it("a curator accepts three contributions with a score and rejects one, in two commands", async () => {
      const haba = `0x${sha256(files["haba.txt"])}`;
      const others = hashes.filter((h) => h !== haba);
      const accepted = await json(["review", datasetId, ...others, "--accept", "--score", "80"], as(1));
      assert.deepEqual(
        accepted.outcomes.map((o: { decision: string }) => o.decision),
        ["accepted", "accepted", "accepted"],
      );
      // a file given by its path: reviewed by the sha256 of its bytes
      const rejected = await json(["review", datasetId, join(dir, "proverbs", "haba.txt"), "--reject"], as(1));
      assert.equal(rejected.outcomes[0].contentHash, haba);
      assert.equal(rejected.outcomes[0].decision, "rejected");
      // a second vote on a decided contribution is refused by the contracts: exit 1 with the reason
      const twice = await cairn(["review", datasetId, haba, "--reject"], as(1));
      assert.equal(twice.code, 1);
      assert.match(twice.stderr, /not pending review/);
    });

    it("a sponsor funds the pool, the contributor sees and claims the rewards", async () => {
      const funded = await json(["fund", datasetId, "150"], as(0));
      assert.equal(funded.credited, (150n * 10n ** 18n).toString());
      const rewards = await json(["rewards"], as(2));
      assert.deepEqual(
        rewards.rewards.map((r: { datasetId: string; claimable: string }) => [r.datasetId, r.claimable]),
        [[datasetId, (150n * 10n ** 18n).toString()]],
      );
      const claimed = await json(["claim", datasetId], as(2));
      assert.equal(claimed.claimed[0].amount, (150n * 10n ** 18n).toString());
      assert.equal(claimed.account, devAddresses[2]);
    });

    it("verifies the accepted contributions (embedded node and gateway) and exports them with provenance", async () => {
      const verified = await json(["verify", datasetId], { cwd: dir });
      assert.equal(verified.ok, true);
      assert.equal(verified.verified, 3);
      const viaGateway = await json(
        ["verify", datasetId, `0x${sha256(files["more/big.bin"])}`, "--gateway", `http://127.0.0.1:${gatewayPort}`],
        {
          cwd: dir,
        },
      );
      assert.equal(viaGateway.ok, true);

      const out = join(dir, "export");
      const exported = await json(["export", datasetId, out], { cwd: dir });
      assert.equal(exported.exported, 3);
      const lines = (await readFile(join(out, "provenance.jsonl"), "utf8"))
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      assert.equal(lines.length, 3);
      for (const line of lines) {
        assert.equal(sha256(await readFile(join(out, line.file))), line.sha256);
        assert.equal(line.contributor, devAddresses[2]);
        assert.equal(line.license, "CC-BY-4.0");
      }
      assert.equal((await readdir(join(out, "files"))).length, 3);
    });

    it("serves raw files and verifiable blocks on the gateway", async () => {
      const small = items.find((c) => c.contentHash === `0x${sha256(files["pole.txt"])}`) as { cid: string };
      const file = await fetch(`http://127.0.0.1:${gatewayPort}/ipfs/${small.cid}`);
      assert.equal(file.status, 200);
      assert.equal(await file.text(), files["pole.txt"].toString());
      const block = await fetch(`http://127.0.0.1:${gatewayPort}/ipfs/${small.cid}?format=raw`);
      assert.equal(block.headers.get("content-type"), "application/vnd.ipld.raw");
      assert.equal(
        (
          await fetch(
            `http://127.0.0.1:${gatewayPort}/ipfs/bafkreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`,
          )
        ).status,
        404,
      );
    });
  });

  describe("bad input: clear errors and exit codes", { concurrency: false }, () => {
    let datasetId: string;
    before(async () => {
      ({ datasetId } = await json(
        [
          "dataset",
          "create",
          "--name",
          "Errors",
          "--description",
          "For bad input",
          "--language",
          "en",
          "--license",
          "CC0-1.0",
        ],
        as(3),
      ));
      await writeFile(join(dir, "ok.txt"), "fine\n");
    });

    it("a missing path: exit 1, nothing stored", async () => {
      const r = await cairn(["contribute", join(dir, "ok.txt"), join(dir, "nope.txt"), "--dataset", datasetId], as(3));
      assert.equal(r.code, 1);
      assert.match(r.stderr, /nope\.txt: does not exist/);
      assert.match(r.stderr, /nothing was stored/);
      assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/); // no stack trace
    });

    // Tests run as root, which reads mode-000 files, so "unreadable" is a FIFO (opening it would block
    // forever) and a dangling symbolic link (no file behind it).
    it("a path that cannot be read as a file (a FIFO, a dangling symlink): exit 1, each named", async () => {
      const fifo = join(dir, "pipe");
      execFileSync("mkfifo", [fifo]);
      const dangling = join(dir, "dangling.txt");
      await symlink(join(dir, "gone.txt"), dangling);
      const r = await cairn(["contribute", fifo, dangling, "--dataset", datasetId], as(3));
      assert.equal(r.code, 1);
      assert.match(r.stderr, /pipe: a FIFO/);
      assert.match(r.stderr, /dangling\.txt: a dangling symbolic link/);
    });

    it("an unknown dataset: exit 1, the contract's reason", async () => {
      const r = await cairn(["contribute", join(dir, "ok.txt"), "--dataset", "999"], as(3));
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Dataset 999 does not exist/);
      const show = await cairn(["dataset", "show", "999", "--json"], { cwd: dir });
      assert.equal(show.code, 1);
      assert.equal(JSON.parse(show.stdout).error.exitCode, 1);
    });

    it("no key: exit 1, says how to give one", async () => {
      const r = await cairn(["contribute", join(dir, "ok.txt"), "--dataset", datasetId], { cwd: dir });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /needs a key/);
      assert.match(r.stderr, /--keystore/);
    });

    it("a wrong RPC URL: exit 2 (network failure)", async () => {
      const closed = await freePort();
      const r = await cairn(["status", "--rpc", `http://127.0.0.1:${closed}`], { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Cannot reach the chain's JSON-RPC/);
      // a malformed URL is the user's to fix: exit 1, naming the flag
      const malformed = await cairn(["status", "--rpc", "127.0.0.1:8545"], { cwd: dir });
      assert.equal(malformed.code, 1, malformed.stderr);
      assert.match(malformed.stderr, /--rpc: "127\.0\.0\.1:8545" is not an http\(s\) URL/);
      const noDev = await cairn(["status"], { cwd: await mkdtemp(join(dir, "empty-")) });
      assert.equal(noDev.code, 1);
      assert.match(noDev.stderr, /cairn dev/);
    });

    it("a keystore: created encrypted, refused with a wrong password (exit 1), used with the right one", async () => {
      const keystore = join(dir, "key.json");
      const created = await json(["account", "new", "--keystore", keystore], {
        cwd: dir,
        env: { CAIRN_PASSWORD: "correct horse" },
      });
      const text = await readFile(keystore, "utf8");
      assert.ok(JSON.parse(text).crypto || JSON.parse(text).Crypto);
      const wrong = await cairn(["status", "--keystore", keystore], {
        cwd: dir,
        env: { CAIRN_PASSWORD: "wrong horse" },
      });
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /Wrong password/);
      const right = await json(["status", "--keystore", keystore], {
        cwd: dir,
        env: { CAIRN_PASSWORD: "correct horse" },
      });
      assert.equal(right.account, created.address);
      assert.ok(!wrong.stderr.includes("0x") || !/[0-9a-f]{64}/.test(wrong.stderr + right.account));
    });

    it("a port in use: exit 1, names the port and the flag", async () => {
      const r = await cairn(
        [
          "dev",
          "--rpc-port",
          String(rpcPort),
          "--gateway-port",
          String(await freePort()),
          "--data-dir",
          join(dir, "second"),
        ],
        { cwd: dir },
      );
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`Port ${rpcPort} .*in use`));
      assert.match(r.stderr, /--rpc-port/);
    });
  });

  describe("an interrupted contribute resumes with no duplicate and nothing lost", { concurrency: false }, () => {
    let datasetId: string;
    let folder: string;
    const count = 60;

    before(async () => {
      ({ datasetId } = await json(
        [
          "dataset",
          "create",
          "--name",
          "Resume",
          "--description",
          "Interrupted runs",
          "--language",
          "en",
          "--license",
          "CC0-1.0",
        ],
        as(4),
      ));
      folder = join(dir, "many");
      await mkdir(folder);
      for (let i = 0; i < count; i++)
        await writeFile(join(folder, `item-${String(i).padStart(3, "0")}.bin`), randomBytes(256 * 1024));
    });

    const journalLines = async () => {
      const journalDir = join(dir, ".cairn", "journal");
      if (!existsSync(journalDir)) return [];
      const names = (await readdir(journalDir)).filter((n) => n.startsWith(`${datasetId}-`));
      if (names.length === 0) return [];
      const text = await readFile(join(journalDir, names[0]), "utf8");
      return text
        .split("\n")
        .filter((l) => l.trim())
        .flatMap((l) => {
          try {
            return [JSON.parse(l)];
          } catch {
            return [];
          }
        });
    };

    /** Starts contribute and kills it with `signal` once `when` holds for the journal. */
    const interrupt = async (signal: NodeJS.Signals, when: (lines: Array<{ t: string }>) => boolean) => {
      const child = start(["contribute", folder, "--dataset", datasetId, "--batch-size", "7"], as(4));
      const done = finished(child);
      let killed = false;
      while (child.exitCode === null && !killed) {
        if (when(await journalLines())) {
          child.kill(signal);
          killed = true;
        } else await sleep(5);
      }
      return { result: await done, killed };
    };

    it("killed (SIGKILL) while storing, stopped (SIGINT) while submitting, then resumed: every file registered exactly once", async () => {
      const first = await interrupt("SIGKILL", (lines) => lines.filter((l) => l.t === "stored").length >= 10);
      assert.ok(first.killed, "the run finished before it could be killed");
      assert.equal(first.result.signal, "SIGKILL");
      const storedBefore = (await journalLines()).filter((l) => l.t === "stored").length;
      assert.ok(storedBefore >= 10 && storedBefore < count, `stored ${storedBefore}`);

      const second = await interrupt("SIGINT", (lines) => lines.some((l) => l.t === "outcome"));
      assert.ok(second.killed, "the second run finished before it could be interrupted");
      assert.equal(second.result.code, 130, second.result.stderr);
      assert.match(second.result.stderr, /run the same command again to resume/i);
      const lines = await journalLines();

      // Simulate a crash between sending a transaction and seeing it mined: drop the journal's last
      // outcome, so the resumed run finds a submitted transaction with no outcome and checks it by hash.
      const journalPath = join(
        dir,
        ".cairn",
        "journal",
        (await readdir(join(dir, ".cairn", "journal"))).find((n) => n.startsWith(`${datasetId}-`)) as string,
      );
      const raw = (await readFile(journalPath, "utf8")).split("\n").filter((l) => l.trim());
      const lastOutcome = raw.findLastIndex((l) => JSON.parse(l).t === "outcome");
      assert.ok(lastOutcome > 0);
      raw.splice(lastOutcome, 1);
      await writeFile(journalPath, `${raw.join("\n")}\n`);
      // the second run reused what the first stored instead of storing it again
      const storedPaths = lines.filter((l) => l.t === "stored").map((l) => (l as unknown as { path: string }).path);
      assert.equal(new Set(storedPaths).size, storedPaths.length, "a file was stored twice");

      const resumed = await cairn(["contribute", folder, "--dataset", datasetId, "--batch-size", "7", "--json"], as(4));
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stderr, /transaction 0x[0-9a-f]{64} from the earlier run was mined: [1-7] registered/);
      const last = JSON.parse(resumed.stdout);
      assert.equal(last.files, count);
      assert.equal(last.registered + last.alreadyRegistered, count);
      assert.equal(last.duplicates, 0);

      const { contributions } = await json(["contributions", datasetId], { cwd: dir });
      assert.equal(contributions.length, count, "every file registered");
      const onChain = contributions.map((c: { contentHash: string }) => c.contentHash);
      assert.equal(new Set(onChain).size, count, "no content registered twice");
      for (const name of await readdir(folder))
        assert.ok(onChain.includes(`0x${sha256(await readFile(join(folder, name)))}`), name);
    });
  });
});
