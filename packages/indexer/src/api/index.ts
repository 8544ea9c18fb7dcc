// The indexer's HTTP API (Ponder serves it, with CORS for any origin, /health, /ready, /status and the
// Prometheus /metrics): GraphQL at /graphql, Ponder's SQL over HTTP at /sql/*, the REST routes of
// ./rest.ts at /v1/*, and /healthz with the indexed block and the lag behind the chain's head.
import { db, publicClients } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { client, graphql } from "ponder";
import { health } from "./health.js";
import { ApiError, rest } from "./rest.js";

const app = new Hono();

app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));
app.get("/healthz", async (c) => {
  const report = await health(db, publicClients.cairn);
  return c.json(report, report.ok ? 200 : 503);
});
app.route("/v1", rest(db));
// Mounted under Ponder's own app, whose 404 is plain text: answer every other path here, as JSON.
app.all("*", (c) =>
  c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}.` } }, 404),
);
app.onError((error, c) => {
  if (error instanceof ApiError) return c.json({ error: { code: error.code, message: error.message } }, error.status);
  return c.json({ error: { code: "internal", message: "The indexer failed to answer." } }, 500);
});

export default app;
