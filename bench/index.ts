/**
 * `npm run bench -- NAME [options]`: runs bench/NAME.ts. Every benchmark prints its
 * figures next to a baseline measured in the same run, because the machines are shared
 * and noisy: ratios travel, absolute numbers do not.
 */
import { readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";

const here = new URL(".", import.meta.url);
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts" && !f.startsWith("_"))
  .map((f) => f.slice(0, -3))
  .sort();
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join("|")}> [options]`);
  process.exit(name ? 1 : 0);
}
process.argv = [process.argv[0]!, process.argv[1]!, ...rest];
await import(pathToFileURL(new URL(`${name}.ts`, here).pathname).href);
