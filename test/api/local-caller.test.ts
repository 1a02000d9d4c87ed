/**
 * `notLocalReason`: who counts as a program on the server's own machine for `GET /tokens`.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { loopbackHosts, notLocalReason, type Caller } from "../../src/api/local-caller.ts";

const local: Caller = { headers: { host: "localhost:7181", accept: "*/*", "user-agent": "node" }, remoteAddress: "127.0.0.1", localPort: 7181 };
const HOST_REASON = "the Host header must be one of localhost:7181, 127.0.0.1:7181, [::1]:7181";

test("a program on this machine talking to it directly is local", () => {
  for (const remoteAddress of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
    for (const host of ["localhost:7181", "127.0.0.1:7181", "[::1]:7181", "LOCALHOST:7181"]) {
      assert.equal(notLocalReason({ ...local, remoteAddress, headers: { host } }), undefined, `${remoteAddress} ${host}`);
    }
  }
});

test("each thing that gives a stranger away, with its reason", () => {
  const cases: [Partial<Caller> & { headers?: Caller["headers"] }, string][] = [
    [{ remoteAddress: "192.0.2.10" }, "the connection does not come from this machine"],
    [{ remoteAddress: "127.0.0.2" }, "the connection does not come from this machine"],
    [{ remoteAddress: undefined }, "the connection does not come from this machine"],
    [{ headers: { ...local.headers, "x-forwarded-for": "192.0.2.10" } }, "the request came through a proxy (X-Forwarded-For, Forwarded or X-Real-IP)"],
    [{ headers: { ...local.headers, forwarded: "for=192.0.2.10" } }, "the request came through a proxy (X-Forwarded-For, Forwarded or X-Real-IP)"],
    [{ headers: { ...local.headers, "x-real-ip": "" } }, "the request came through a proxy (X-Forwarded-For, Forwarded or X-Real-IP)"],
    [{ headers: { ...local.headers, origin: "https://evil.example" } }, "a web page (a request with an Origin header) may never read it"],
    [{ headers: { ...local.headers, origin: "http://localhost:7181" } }, "a web page (a request with an Origin header) may never read it"],
    [{ headers: { host: "evil.example" } }, HOST_REASON],
    [{ headers: { host: "evil.example:7181" } }, HOST_REASON],
    [{ headers: { host: "localhost:7182" } }, HOST_REASON],
    [{ headers: { host: "localhost" } }, HOST_REASON],
    [{ headers: { host: "localhost.:7181" } }, HOST_REASON],
    [{ headers: { host: "0.0.0.0:7181" } }, HOST_REASON],
    [{ headers: {} }, HOST_REASON],
    [{ localPort: undefined }, "the Host header must be one of localhost:0, 127.0.0.1:0, [::1]:0"],
  ];
  for (const [change, reason] of cases) assert.equal(notLocalReason({ ...local, ...change }), reason, JSON.stringify(change));
});

test("on port 80 a browser-style Host without the port is local too", () => {
  assert.deepEqual(loopbackHosts(80), ["localhost:80", "127.0.0.1:80", "[::1]:80", "localhost", "127.0.0.1", "[::1]"]);
  assert.equal(notLocalReason({ headers: { host: "localhost" }, remoteAddress: "127.0.0.1", localPort: 80 }), undefined);
  assert.deepEqual(loopbackHosts(7181), ["localhost:7181", "127.0.0.1:7181", "[::1]:7181"]);
});
