// Run after `npm install` changes package-lock.json: `node scripts/lockfile-platform-entries.js`.
// Adds lock entries for optional, platform-specific packages the registry mirror here
// does not serve, marked with their os/cpu so npm ci skips them on this platform.
import fs from "node:fs";

const file = process.argv[2] ?? "package-lock.json";
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const extra = {
  "node_modules/@chdb/lib-darwin-arm64": { version: "26.7.3-stable.1", cpu: ["arm64"], license: "Apache-2.0", optional: true, os: ["darwin"] },
  "node_modules/@chdb/lib-darwin-x64": { version: "26.7.3-stable.1", cpu: ["x64"], license: "Apache-2.0", optional: true, os: ["darwin"] },
  "node_modules/@chdb/lib-linux-arm64-gnu": { version: "26.7.3-stable.1", cpu: ["arm64"], libc: ["glibc"], license: "Apache-2.0", optional: true, os: ["linux"] },
  "node_modules/napi-windows-process-start-time": { version: "0.1.0", license: "MIT", optional: true, os: ["win32"] },
};
for (const [k, v] of Object.entries(extra)) if (!lock.packages[k]) lock.packages[k] = v;
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
lock.packages = sorted;
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
