/** The client's address from the TCP peer and X-Forwarded-For, believed only from trusted proxies. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildConfig } from "../../src/config.ts";
import { clientAddress, parseAddress, parseCidr, TrustedProxies } from "../../src/ingest/geo/client-address.ts";

const v4 = (address: string) => ({ address, family: "ipv4" });
const v6 = (address: string) => ({ address, family: "ipv6" });

describe("addresses as sockets and proxies write them", () => {
  test("IPv4, IPv6, ports, brackets, zones and IPv4-mapped IPv6", () => {
    assert.deepEqual(parseAddress("8.8.8.8"), v4("8.8.8.8"));
    assert.deepEqual(parseAddress(" 8.8.8.8:5123 "), v4("8.8.8.8"));
    assert.deepEqual(parseAddress("2001:DB8::1"), v6("2001:db8::1"));
    assert.deepEqual(parseAddress("[2001:db8::1]:443"), v6("2001:db8::1"));
    assert.deepEqual(parseAddress("[2001:db8::1]"), v6("2001:db8::1"));
    assert.deepEqual(parseAddress("fe80::1%eth0"), v6("fe80::1"));
    assert.deepEqual(parseAddress("::ffff:81.2.69.142"), v4("81.2.69.142"));
    assert.deepEqual(parseAddress("::FFFF:5102:458e"), v4("81.2.69.142"));
    assert.deepEqual(parseAddress("::1"), v6("::1"));
  });

  test("anything else is no address", () => {
    for (const text of ["", "unknown", "8.8.8", "8.8.8.256", "example.com", "1.2.3.4:", "[1.2.3.4", "_hidden", "1.2.3.4, 5.6.7.8"]) {
      assert.equal(parseAddress(text), undefined, text);
    }
  });

  test("CIDRs: a bare address is one host; the prefix must fit the family", () => {
    assert.deepEqual(parseCidr("10.0.0.0/8"), { address: "10.0.0.0", family: "ipv4", prefix: 8 });
    assert.deepEqual(parseCidr("127.0.0.1"), { address: "127.0.0.1", family: "ipv4", prefix: 32 });
    assert.deepEqual(parseCidr("2001:db8::/32"), { address: "2001:db8::", family: "ipv6", prefix: 32 });
    assert.deepEqual(parseCidr("::1"), { address: "::1", family: "ipv6", prefix: 128 });
    for (const text of ["10.0.0.0/33", "10.0.0.0/", "10.0.0.0/8/8", "10.0.0.0/x", "2001:db8::/129", "localhost", ""]) assert.equal(parseCidr(text), undefined, text);
  });
});

describe("trusted proxy ranges", () => {
  const has = (cidrs: string[], text: string) => new TrustedProxies(cidrs).has(parseAddress(text)!);

  test("prefixes of both families, each matching its own family only", () => {
    assert.equal(has(["10.0.0.0/8"], "10.255.1.2"), true);
    assert.equal(has(["10.0.0.0/8"], "11.0.0.1"), false);
    assert.equal(has(["192.168.4.0/22"], "192.168.7.255"), true);
    assert.equal(has(["192.168.4.0/22"], "192.168.8.0"), false);
    assert.equal(has(["0.0.0.0/0"], "8.8.8.8"), true);
    assert.equal(has(["0.0.0.0/0"], "2001:db8::1"), false);
    assert.equal(has(["2001:db8:aa::/48"], "2001:db8:aa:ffff::1"), true);
    assert.equal(has(["2001:db8:aa::/48"], "2001:db8:ab::1"), false);
    assert.equal(has(["::/0"], "fe80::1"), true);
    assert.equal(has(["::1"], "::1"), true);
    assert.equal(has(["::1"], "::2"), false);
    assert.equal(has(["64:ff9b::/96"], "64:ff9b::1.2.3.4"), true);
    assert.equal(has(["127.0.0.1/32"], "::ffff:127.0.0.1"), true);
    assert.equal(has([], "127.0.0.1"), false);
  });
});

describe("the client behind trusted proxies", () => {
  const trusted = new TrustedProxies(["127.0.0.1/32", "10.0.0.0/8", "2001:db8:aa::/48"]);
  const none = new TrustedProxies([]);

  test("without trusted proxies the peer is the client, whatever X-Forwarded-For says", () => {
    assert.deepEqual(clientAddress("127.0.0.1", "8.8.8.8", none), v4("127.0.0.1"));
    assert.deepEqual(clientAddress("::ffff:127.0.0.1", "8.8.8.8", none), v4("127.0.0.1"));
    assert.equal(clientAddress(undefined, "8.8.8.8", none), undefined);
  });

  test("an untrusted peer's X-Forwarded-For is ignored", () => {
    assert.deepEqual(clientAddress("203.0.113.7", "8.8.8.8", trusted), v4("203.0.113.7"));
    assert.deepEqual(clientAddress("2001:db8:bb::1", "8.8.8.8", trusted), v6("2001:db8:bb::1"));
  });

  test("a trusted peer: the rightmost address that is not a trusted proxy", () => {
    assert.deepEqual(clientAddress("127.0.0.1", "8.8.8.8", trusted), v4("8.8.8.8"));
    assert.deepEqual(clientAddress("::ffff:127.0.0.1", "8.8.8.8", trusted), v4("8.8.8.8"));
    assert.deepEqual(clientAddress("127.0.0.1", "81.2.69.142, 10.1.2.3, 10.0.0.9", trusted), v4("81.2.69.142"));
    assert.deepEqual(clientAddress("2001:db8:aa::5", "2001:4860:4860::8888, 2001:db8:aa::7", trusted), v6("2001:4860:4860::8888"));
    assert.deepEqual(clientAddress("10.0.0.1", "[2001:4860:4860::8888]:1234", trusted), v6("2001:4860:4860::8888"));
    assert.deepEqual(clientAddress("10.0.0.1", "::ffff:81.2.69.142", trusted), v4("81.2.69.142"));
  });

  test("a spoofed chain: what the client itself put left of the first untrusted hop is never read", () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; its proxy appended the address it saw.
    assert.deepEqual(clientAddress("127.0.0.1", "1.1.1.1, 81.2.69.142", trusted), v4("81.2.69.142"));
    assert.deepEqual(clientAddress("127.0.0.1", "1.1.1.1, 81.2.69.142, 10.0.0.2", trusted), v4("81.2.69.142"));
    // Claiming to be a trusted proxy does not help: the hop the proxy saw is still the client.
    assert.deepEqual(clientAddress("127.0.0.1", "8.8.8.8, 10.0.0.3, 203.0.113.9", trusted), v4("203.0.113.9"));
  });

  test("a trusted proxy forwarding something that is not an address leaves the client unknown", () => {
    assert.equal(clientAddress("127.0.0.1", "8.8.8.8, unknown", trusted), undefined);
    assert.equal(clientAddress("127.0.0.1", "8.8.8.8,", trusted), undefined);
  });

  test("only trusted proxies all the way: the leftmost; an empty header: the peer", () => {
    assert.deepEqual(clientAddress("127.0.0.1", "10.0.0.5, 10.0.0.6", trusted), v4("10.0.0.5"));
    assert.deepEqual(clientAddress("127.0.0.1", "", trusted), v4("127.0.0.1"));
    assert.deepEqual(clientAddress("127.0.0.1", undefined, trusted), v4("127.0.0.1"));
  });
});

describe("configuration", () => {
  test("--trusted-proxies / AVIARY_TRUSTED_PROXIES: comma-separated CIDRs, none by default", () => {
    assert.deepEqual(buildConfig({}, {}, false).trustedProxies, []);
    assert.deepEqual(buildConfig({}, { AVIARY_TRUSTED_PROXIES: " 10.0.0.0/8, 127.0.0.1 ,::1" }, false).trustedProxies, ["10.0.0.0/8", "127.0.0.1/32", "::1/128"]);
    assert.deepEqual(buildConfig({ trustedProxies: "192.168.0.0/16" }, { AVIARY_TRUSTED_PROXIES: "10.0.0.0/8" }, false).trustedProxies, ["192.168.0.0/16"]);
    assert.throws(
      () => buildConfig({ trustedProxies: "10.0.0.0/8,proxy.local" }, {}, false),
      { message: 'trusted proxies must be addresses or CIDRs separated by commas (10.0.0.0/8,2001:db8::/32), got "proxy.local"' },
    );
  });

  test("--no-ip-geolocation / AVIARY_IP_GEOLOCATION=false turns the lookup off; on by default", () => {
    assert.equal(buildConfig({}, {}, false).ipGeolocation, true);
    assert.equal(buildConfig({}, { AVIARY_IP_GEOLOCATION: "false" }, false).ipGeolocation, false);
    assert.equal(buildConfig({ ipGeolocation: false }, { AVIARY_IP_GEOLOCATION: "true" }, false).ipGeolocation, false);
    assert.throws(() => buildConfig({}, { AVIARY_IP_GEOLOCATION: "maybe" }, false), { message: 'IP geolocation must be true or false, got "maybe"' });
  });
});
