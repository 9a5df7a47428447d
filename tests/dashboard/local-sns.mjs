// A local SNS Query-API endpoint for the browser tests: checks each call's SigV4 signature against the test credentials
// (written from the published algorithm, independent of the app's signer), records the call and answers like SNS.
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

export const credentials = { accessKey: "AKIDDASHBOARDTEST", secretKey: "dashboard-test-secret-not-real" };
export const topicArn = "arn:aws:sns:us-east-1:123456789012:tracker-alerts";
const ns = "http://sns.amazonaws.com/doc/2010-03-31/";

const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const hmac = (key, data) => createHmac("sha256", key).update(data).digest();

/** null when the request's SigV4 signature verifies, otherwise why not. */
export function verify(req, body) {
  const auth = req.headers.authorization ?? "";
  const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(auth);
  if (!m) return "no SigV4 Authorization header";
  const [, credential, signedHeaders, signature] = m;
  const scope = credential.split("/");
  if (scope.length !== 5 || scope[0] !== credentials.accessKey || scope[3] !== "sns" || scope[4] !== "aws4_request") return "wrong scope";
  const amzDate = req.headers["x-amz-date"] ?? "";
  if (!amzDate.startsWith(scope[1])) return "x-amz-date not the scope's date";
  const names = signedHeaders.split(";");
  const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? "").trim()}\n`).join("");
  const url = new URL(req.url, "http://local");
  const canonical = [req.method, url.pathname, url.search.slice(1), canonicalHeaders, signedHeaders, sha256(body)].join("\n");
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope.slice(1).join("/"), sha256(canonical)].join("\n");
  let key = Buffer.from("AWS4" + credentials.secretKey);
  for (const part of scope.slice(1)) key = hmac(key, part);
  const expected = hmac(key, toSign).toString("hex");
  return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature)) ? null : "signature does not match";
}

export async function startLocalSns() {
  const calls = [];
  let badSignatures = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const form = Object.fromEntries(new URLSearchParams(body.toString("utf8")));
      res.setHeader("Content-Type", "text/xml");
      const problem = verify(req, body);
      if (problem) {
        badSignatures++;
        res.statusCode = 403;
        res.end(`<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error></ErrorResponse>`);
        return;
      }
      calls.push(form);
      const meta = `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`;
      if (form.Action === "Publish") res.end(`<PublishResponse xmlns="${ns}"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult>${meta}</PublishResponse>`);
      else if (form.Action === "Subscribe") res.end(`<SubscribeResponse xmlns="${ns}"><SubscribeResult><SubscriptionArn>pending confirmation</SubscriptionArn></SubscribeResult>${meta}</SubscribeResponse>`);
      else { res.statusCode = 400; res.end(`<ErrorResponse xmlns="${ns}"><Error><Code>InvalidAction</Code></Error></ErrorResponse>`); }
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    calls,
    get badSignatures() { return badSignatures; },
    stop: () => new Promise((r) => server.close(r)),
  };
}
