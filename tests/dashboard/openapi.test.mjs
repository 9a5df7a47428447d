// The OpenAPI document served by the running app covers every v1 route, with 200 schemas, problem responses where the
// endpoint can answer 400/404, and examples; the pages and assets are served on explicit routes only.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { buildApp, getJson, repoRoot, startReplayApp } from "./tracker-app.mjs";

/** GET without fetch's transparent decompression: the bytes as they travel. */
function rawGet(url, headers) {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject).end();
  });
}

// Every route CryptoTracker.Api maps for reads (Metrics/, Alerts/, Health/), and which problems each may answer.
const ROUTES = {
  "/v1/metrics": { problems: ["400", "404"], schema: "MetricList" },
  "/v1/metrics/{type}/{symbol}": { problems: ["400", "404"], schema: "MetricDetail" },
  "/v1/metrics/{type}/{symbol}/history": { problems: ["400", "404"], schema: "HistoryDto" },
  "/v1/metrics/{type}/{symbol}/rank": { problems: ["400", "404"], schema: "MetricRankDto" },
  "/v1/metrics/{type}/{symbol}/markets": { problems: ["400", "404"], schema: "MetricMarketsDto" },
  "/v1/rankings/{type}": { problems: ["400", "404"], schema: "RankingDto" },
  "/v1/alerts": { problems: ["400"], schema: "AlertList" },
  "/v1/rules": { problems: ["400"], schema: "RuleList" },
  "/v1/health": { problems: ["400"], schema: "HealthDto" },
};

describe("OpenAPI document and served pages", () => {
  let app;
  let doc;

  before(async () => {
    buildApp();
    ({ app } = await startReplayApp());
    const response = await fetch(`${app.base}/openapi/v1.json`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type"), /json/);
    doc = JSON.parse(await response.text());
  });
  after(async () => { await app?.stop(); });

  test("is an OpenAPI 3 document for the v1 API", () => {
    assert.match(doc.openapi, /^3\./);
    assert.equal(doc.info.title, "CryptoTracker API");
    assert.ok(doc.info.description.length > 50);
  });

  test("documents exactly the v1 routes (no pages, assets or internal events)", () => {
    assert.deepEqual(Object.keys(doc.paths).sort(),
      [...Object.keys(ROUTES), "/v1/subscriptions", "/v1/subscriptions/confirm", "/v1/subscriptions/options"].sort());
  });

  test("the subscription routes carry request and answer examples", () => {
    const post = doc.paths["/v1/subscriptions"].post;
    assert.deepEqual(post.requestBody.content["application/json"].example,
      { protocol: "sms", endpoint: "+14155550123", metrics: ["price:btcusd", "volume:btcusd"], rules: ["btc-below-80k", "spike"] });
    assert.deepEqual(post.responses["202"].content["application/json"].example,
      { status: "confirmation-sent", metrics: ["price:btcusd", "volume:btcusd"], rules: ["btc-below-80k", "spike"] });
    const request = doc.components.schemas[post.requestBody.content["application/json"].schema.$ref.split("/").at(-1)];
    assert.ok(request.properties.rules, "SubscribeRequest documents rules");
    assert.match(post.description, /rules/);
    assert.match(post.description, /150/);
    for (const status of ["400", "403", "409", "415", "429"])
      assert.ok(post.responses[status]?.content?.["application/problem+json"], `POST ${status}`);
    assert.equal(post.responses["409"].content["application/problem+json"].example.status, 409);
    const confirm = doc.paths["/v1/subscriptions/confirm"].post;
    assert.deepEqual(confirm.requestBody.content["application/json"].example, { endpoint: "+14155550123", code: "482913" });
    assert.equal(confirm.responses["202"].content["application/json"].example.status, "subscribed");
    assert.equal(confirm.responses["400"].content["application/problem+json"].example.title, "Wrong or expired code");
    const options = doc.paths["/v1/subscriptions/options"].get;
    assert.deepEqual(options.responses["200"].content["application/json"].example,
      { channels: ["email", "sms"], smsPrefixes: ["+1"], maxMetrics: 150, codeLength: 6, maxCombinations: 150, rules: [
        { name: "spike", description: "any metric above 3x its average of the last 60 min" },
        { name: "btc-below-80k", description: "price:btcusd below 80000" },
        { name: "eth-moves-5", description: "price:ethusd moves 5% or more within 60 min" },
      ] });
  });

  for (const method of ["post", "delete"]) {
    test(`${method.toUpperCase()} /v1/subscriptions: summary, description, JSON body, problems 400/429/503`, () => {
      const op = doc.paths["/v1/subscriptions"][method];
      assert.ok(op, `no ${method} /v1/subscriptions`);
      assert.ok(op.summary?.length > 10, "summary");
      assert.ok(op.description?.length > 20, "description");
      assert.ok(op.requestBody?.content?.["application/json"], "JSON request body");
      for (const status of ["400", "429", "503"])
        assert.ok(op.responses[status]?.content?.["application/problem+json"], `${status} application/problem+json`);
    });
  }

  for (const [path, expected] of Object.entries(ROUTES)) {
    test(`GET ${path}: summary, description, parameters, 200 schema and example, problems ${expected.problems.join("/") || "none"}`, () => {
      const op = doc.paths[path].get;
      assert.ok(op, `no GET ${path}`);
      assert.ok(op.summary?.length > 10, "summary");
      assert.ok(op.description?.length > 20, "description");
      assert.ok(op.operationId, "operationId");

      const ok = op.responses["200"]?.content?.["application/json"];
      assert.ok(ok, "200 application/json");
      assert.equal(ok.schema.$ref, `#/components/schemas/${expected.schema}`);
      assert.ok(doc.components.schemas[expected.schema]?.properties, `${expected.schema} has properties`);
      assert.equal(typeof ok.example, "object", "200 example");

      for (const status of expected.problems) {
        const problem = op.responses[status]?.content?.["application/problem+json"];
        assert.ok(problem, `${status} application/problem+json`);
        assert.equal(problem.schema.$ref, "#/components/schemas/ProblemDetails");
        assert.equal(problem.example.status, Number(status));
      }
      for (const status of ["400", "404"].filter((s) => !expected.problems.includes(s)))
        assert.equal(op.responses[status], undefined, `${status} not documented for ${path}`);

      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const name of templated) {
        const p = op.parameters.find((x) => x.name === name && x.in === "path");
        assert.ok(p?.required && p.description, `path parameter ${name} required and described`);
      }
      for (const p of op.parameters ?? []) assert.ok(p.description && p.example !== undefined, `parameter ${p.name} described with an example`);
    });
  }

  test("examples have the shape the API really returns", async () => {
    const real = await getJson(app.base, "/v1/metrics/price/btcusd");
    const example = doc.paths["/v1/metrics/{type}/{symbol}"].get.responses["200"].content["application/json"].example;
    assert.deepEqual(Object.keys(example).sort(), Object.keys(real).sort());
    assert.deepEqual(Object.keys(example.stats).sort(), Object.keys(real.stats).sort());
    assert.equal(real.id, "price:btcusd");
    assert.equal(example.id, `${example.type}:${example.symbol}`, "ids are type:symbol, as the API writes them");
    const notFound = await (await fetch(`${app.base}/v1/metrics/price/xyzusd`)).json();
    const documented = doc.paths["/v1/metrics/{type}/{symbol}"].get.responses["404"].content["application/problem+json"].example;
    assert.equal(documented.detail, notFound.detail);
    assert.equal(documented.title, notFound.title);
  });

  test("the real 404 is problem+json as documented", async () => {
    const r = await fetch(`${app.base}/v1/metrics/price/nosuchusd`);
    assert.equal(r.status, 404);
    assert.match(r.headers.get("content-type"), /application\/problem\+json/);
  });

  test("pages and assets are served on explicit routes, nothing else", async () => {
    for (const path of ["/", "/metric/volume/ethusd", "/docs"]) {
      const r = await fetch(app.base + path);
      assert.equal(r.status, 200, path);
      assert.match(r.headers.get("content-type"), /text\/html/, path);
      assert.match(r.headers.get("content-security-policy"), /default-src 'self'/, path);
    }
    const js = await fetch(`${app.base}/assets/dashboard.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get("content-type"), /javascript/);
    for (const path of ["/index.html", "/metric", "/metric/price", "/anything", "/assets/missing.js"])
      assert.equal((await fetch(app.base + path)).status, 404, path);
  });

  test("static assets go out gzip-compressed once to clients that accept it, as they are to those that do not", async () => {
    // The original bytes come from the npm package itself, not from the app's build output.
    const original = readFileSync(join(repoRoot, "node_modules", "swagger-ui-dist", "swagger-ui-bundle.js"));
    const url = `${app.base}/assets/docs/swagger-ui-bundle.js`;

    const gz = await rawGet(url, { "accept-encoding": "gzip, deflate, br" });
    assert.equal(gz.status, 200);
    assert.equal(gz.headers["content-encoding"], "gzip");
    assert.match(gz.headers["content-type"], /javascript/);
    assert.match(gz.headers["vary"], /Accept-Encoding/i);
    const once = gunzipSync(gz.body);
    assert.ok(once.equals(original), "one gunzip gives back the file: it was compressed exactly once");
    assert.ok(gz.body.length < original.length * 0.4, `${gz.body.length} of ${original.length} bytes`);

    for (const encoding of [undefined, "identity", "gzip;q=0"]) {
      const plain = await rawGet(url, encoding ? { "accept-encoding": encoding } : {});
      assert.equal(plain.status, 200, String(encoding));
      assert.equal(plain.headers["content-encoding"], undefined, String(encoding));
      assert.match(plain.headers["vary"], /Accept-Encoding/i);
      assert.ok(plain.body.equals(original), String(encoding));
    }
  });
});
