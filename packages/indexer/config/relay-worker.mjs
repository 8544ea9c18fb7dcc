// The JSON-RPC relay's server (config/transport.ts), in a worker thread of the Ponder process so that forwarding
// and stripping answers never waits behind Ponder's own work on the main thread, nor adds to it. Plain JavaScript:
// a worker runs it as it is, under Ponder's loader (vite-node), tsx or plain Node alike.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { isMainThread, parentPort, workerData } from "node:worker_threads";

/** JSON-RPC methods whose answer is a block, with its transactions as objects when asked for. */
const blockMethods = new Set(["eth_getBlockByNumber", "eth_getBlockByHash"]);

/** A transaction's calldata in a JSON answer's text (a JSON string holds no unescaped quote). */
const calldata = /"input"\s*:\s*"0x[0-9a-fA-F]*"/g;

const maxRequestBytes = 1 << 20;

/**
 * Drops the calldata (`input`) of the transactions in a block answer's JSON text. The indexer's handlers read
 * `event.transaction.hash` and nothing else of a transaction (test/transport.test.ts checks the sources), but
 * Ponder fetches every block with its full transactions and stores them in its sync tables: a batch of 400
 * contributions is one transaction of ~260 KB of calldata, parsed, written to the database (compressed, TOAST)
 * and read back for every block. Without it, a block costs what its logs cost. Done on the text, before anyone
 * parses it: a block's only `input` fields are its transactions' calldata.
 * @param {string} text
 * @returns {string}
 */
export function withoutCalldata(text) {
  return text.replace(calldata, '"input":"0x"');
}

/** Whether a JSON-RPC request body (one call or a batch) asks for a block. */
function asksForBlock(/** @type {string} */ body) {
  try {
    const parsed = JSON.parse(body);
    return (Array.isArray(parsed) ? parsed : [parsed]).some((c) => blockMethods.has(c?.method));
  } catch {
    return false;
  }
}

/** @returns {Promise<string>} */
function readBody(/** @type {import("node:http").IncomingMessage} */ req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > maxRequestBytes) {
        req.destroy();
        reject(new Error("request too large"));
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Serves the relay: POST /<token>/<lane> for lane < lanes, each forwarded to `upstream`. */
function serve(/** @type {{ upstream: string, lanes: number, timeoutMs: number }} */ options) {
  const { upstream, lanes, timeoutMs } = options;
  const token = randomBytes(16).toString("hex");
  const server = createServer(async (req, res) => {
    const lane = Number((req.url ?? "").split("/")[2]);
    if (req.method !== "POST" || !req.url?.startsWith(`/${token}/`) || !(lane >= 0 && lane < lanes)) {
      res.writeHead(404).end();
      return;
    }
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    try {
      const body = await readBody(req);
      const answer = await fetch(upstream, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs)]),
      });
      // Only a block's answer is read as text (to drop its calldata); any other is passed on as the bytes it came
      // as: an eth_getLogs answer of a cold sync is up to ~8 MB, decoded to a string and encoded back for nothing.
      const answerBody = asksForBlock(body)
        ? withoutCalldata(await answer.text())
        : Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      res.end(answerBody);
    } catch (error) {
      if (res.headersSent || abort.signal.aborted) {
        res.destroy();
        return;
      }
      res.writeHead(502, { "content-type": "text/plain" }).end(`relay: ${/** @type {Error} */ (error).message}`);
    }
  });
  server.once("error", (error) => parentPort?.postMessage({ error: error.message }));
  server.listen(0, "127.0.0.1", () => {
    const address = /** @type {import("node:net").AddressInfo} */ (server.address());
    parentPort?.postMessage({ port: address.port, token });
  });
}

if (!isMainThread && workerData?.cairnRpcRelay) serve(workerData.cairnRpcRelay);
