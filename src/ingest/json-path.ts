/**
 * The JSONPaths datasource columns are read by: `$.a.b`, `$.a[0]`, `$['x-y']` and
 * Tinybird's `$.['x-y']`. Compiled once per column into a reader that walks an event
 * without allocating; a step into something that is not there gives `undefined`.
 */
export type Reader = (event: Record<string, unknown>) => unknown;

export class JsonPathError extends Error {}

export type Step = string | number;

export function parseSteps(path: string): Step[] {
  if (!path.startsWith("$")) throw new JsonPathError(`JSONPath ${JSON.stringify(path)} must start with $`);
  const steps: Step[] = [];
  const re = /\.?\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\.?\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*(\d+)\s*\]|\.([^.[\]]+)/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const at = re.lastIndex;
    const m = re.exec(path);
    if (!m) throw new JsonPathError(`JSONPath ${JSON.stringify(path)}: cannot read it from position ${at}`);
    if (m[1] !== undefined) steps.push(m[1].replace(/\\(.)/g, "$1"));
    else if (m[2] !== undefined) steps.push(m[2].replace(/\\(.)/g, "$1"));
    else if (m[3] !== undefined) steps.push(Number(m[3]));
    else steps.push(m[4]!);
  }
  return steps;
}

function step(value: unknown, key: Step): unknown {
  if (typeof key === "number") return Array.isArray(value) ? value[key] : undefined;
  // Own keys only: `$.constructor` must not find Object.prototype.constructor.
  return value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

export function compileJsonPath(path: string): Reader {
  const steps = parseSteps(path);
  if (steps.length === 0) throw new JsonPathError(`JSONPath ${JSON.stringify(path)} names no field`);
  const only = steps[0]!;
  // The hot case: one key, read from the event itself (always a plain object from
  // JSON.parse), that Object.prototype does not have, so a plain read is exact.
  if (steps.length === 1 && typeof only === "string" && !(only in Object.prototype)) return (event) => event[only];
  if (steps.length === 1) return (event) => step(event, only);
  return (event) => {
    let value: unknown = event;
    for (let i = 0; i < steps.length && value !== undefined; i++) value = step(value, steps[i]!);
    return value;
  };
}
