/**
 * Builds the browser assets the server serves: the tracker (tracker/dist) and the
 * dashboard (dashboard/dist). Runs on `npm ci` (the `prepare` script) so that
 * `npm start` right after has everything; `npm run build` runs it again.
 */
import { existsSync } from "node:fs";
import { build as viteBuild } from "vite";
import { buildTracker } from "../tracker/build.ts";

const tracker = await buildTracker();
console.log(`tracker: tracker/dist/flock.js, ${tracker.coreGzipBytes} bytes gzipped`);

if (existsSync("dashboard/vite.config.ts")) {
  await viteBuild({ configFile: "dashboard/vite.config.ts", logLevel: "warn" });
  console.log("dashboard: dashboard/dist");
}
