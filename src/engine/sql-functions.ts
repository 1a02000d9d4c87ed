/**
 * Functions a restricted token's statement may not call, judged by the function ClickHouse
 * runs for a name: an alias (`user` is `currentUser`, `REGEXP_REPLACE` is `replaceRegexpAll`)
 * or a case-insensitive function in another casing resolves to it, and an aggregate is taken
 * apart into its combinators (`array_aggIf` is groupArray with If). Resolution reads the
 * engine's own `system.functions` and `system.aggregate_function_combinators`, so the names
 * of whatever ClickHouse version runs are covered, not a list of ours.
 */
import { queryRows, type Engine } from "./engine.ts";

/** An aggregate call taken apart as ClickHouse does: `uniqMergeState` is uniq with Merge, then State. */
export interface AggregateName {
  /** The lower-cased aggregate the combinators wrap (`uniq`). */
  readonly base: string;
  /** Its lower-cased combinators, outermost first (`state`, `merge`). */
  readonly combinators: readonly string[];
}

/** A function as written, with the lower-cased name of the function ClickHouse runs for it. */
export interface FunctionCall {
  readonly written: string;
  readonly resolved: string;
  /** Set when the call is to an aggregate function, with or without combinators. */
  readonly aggregate?: AggregateName;
  /**
   * An aggregate's parameters (`10` in `groupArray(10)(x)`) as `EXPLAIN AST` prints each:
   * `UInt64_10` for a literal, the node's kind (`Function`) for anything else.
   */
  readonly parameters: readonly string[];
  /**
   * An aggregate named by string and run over one row's values (`arrayReduce('groupArray', arr)`,
   * `initializeAggregation`): what it gathers is bounded by that row, not by the rows read.
   */
  readonly rowWise?: boolean;
}

/** What the engine calls for a name as written. */
export interface FunctionCatalog {
  /** The lower-cased name of the function that a name as written calls. */
  resolve(written: string): string;
  aggregate(written: string): AggregateName | undefined;
}

interface FunctionRow {
  readonly name: string;
  readonly alias_to: string;
  readonly case_insensitive: number;
  readonly is_aggregate: number;
}

function catalogOf(rows: readonly FunctionRow[], combinatorNames: readonly string[]): FunctionCatalog {
  const exact = new Map(rows.map((r) => [r.name, r.alias_to]));
  const anyCase = new Map(rows.filter((r) => r.case_insensitive).map((r) => [r.name.toLowerCase(), r.alias_to]));
  const resolve = (written: string) => {
    let name = written;
    // `alias_to` may spell its target in another case (`connection_id` → `connectionID`, listed as `connectionId`).
    for (let hops = 0; hops < 4; hops++) {
      const target = exact.get(name) ?? anyCase.get(name.toLowerCase());
      if (!target) break;
      name = target;
    }
    return name.toLowerCase();
  };
  // Once a combinator is cut off, names are compared lower-cased: a casing ClickHouse would
  // refuse can only be judged more strictly than it runs, never less.
  const lowerExact = new Map(rows.map((r) => [r.name.toLowerCase(), r.alias_to.toLowerCase()]));
  const resolveLower = (name: string) => {
    for (let hops = 0; hops < 4 && lowerExact.get(name); hops++) name = lowerExact.get(name)!;
    return name;
  };
  const aggregates = new Set(rows.filter((r) => r.is_aggregate).map((r) => r.name.toLowerCase()));
  const plainFunctions = new Set(rows.filter((r) => !r.is_aggregate).map((r) => r.name.toLowerCase()));
  // The longest first: `SimpleState` before `State`.
  const combinators = combinatorNames.map((c) => c.toLowerCase()).sort((a, b) => b.length - a.length);
  const aggregate = (written: string): AggregateName | undefined => {
    const found: string[] = [];
    for (let name = resolve(written); ; ) {
      if (aggregates.has(name)) return { base: name, combinators: found };
      if (plainFunctions.has(name)) return undefined;
      const combinator = combinators.find((c) => name.length > c.length && name.endsWith(c));
      if (!combinator) return undefined;
      found.push(combinator);
      name = resolveLower(name.slice(0, -combinator.length));
    }
  };
  return { resolve, aggregate };
}

const catalogs = new WeakMap<Engine, Promise<FunctionCatalog>>();

/** Read once per engine; a failed read is retried by the next statement. */
export function functionCatalog(engine: Engine): Promise<FunctionCatalog> {
  let catalog = catalogs.get(engine);
  if (!catalog) {
    catalog = Promise.all([
      queryRows<FunctionRow>(engine, "SELECT name, alias_to, case_insensitive, is_aggregate FROM system.functions"),
      queryRows<{ name: string }>(engine, "SELECT name FROM system.aggregate_function_combinators"),
    ]).then(([functions, combinators]) => catalogOf(functions, combinators.map((c) => c.name)));
    catalog.catch(() => catalogs.delete(engine));
    catalogs.set(engine, catalog);
  }
  return catalog;
}

/**
 * Ordinary functions that reach outside the query: files (`file('/etc/passwd')` works in
 * chdb), dictionaries and Join tables named by string, model files, server internals, and
 * sleeps. Compared with the lower-cased name a call resolves to (`user()` calls `currentUser`,
 * see functionCatalog), so an alias needs no entry; a `dict` prefix covers the whole dictGet
 * family and a `__` prefix ClickHouse's internal functions (`__getScalar` reads the query
 * context's scalars).
 */
const OUTSIDE_FUNCTIONS = new Set([
  "file", "joinget", "joingetornull", "hascolumnintable", "catboostevaluate", "evalmlmethod", "naivebayesclassifier",
  "naivebayesclassifierwithprob", "naivebayesclassifierwithallprobs", "getserversetting", "getmergetreesetting",
  "getmacro", "getclienthttpheader", "addresstoline", "addresstolinewithinlines", "addresstosymbol", "demangle",
  "sleep", "sleepeachrow", "zookeepersessionuptime", "filesystemavailable", "filesystemcapacity", "filesystemunreserved",
  // Calls out of the server: Keeper's shared counters, the configured AI provider, the server log.
  "generateserialid", "aiclassify", "aiembed", "aiextract", "aigenerate", "aitranslate", "logtrace",
  // Facts about the server (its memory limit in getSetting, host, version, uptime), no tenant's business.
  "getsetting", "getsettingordefault", "hostname", "fqdn", "uptime", "version", "buildid", "revision", "serveruuid",
  "getserverport", "tcpport", "displayname", "getoskernelversion", "currentuser", "currentprofiles", "enabledprofiles",
  "defaultprofiles", "currentroles", "enabledroles", "defaultroles", "initialqueryid", "queryid", "authenticateduser",
  "currentqueryid", "initialquerystarttime", "connectionid", "showcertificate", "shardnum", "shardcount", "transactionid",
  "transactionlatestsnapshot", "transactionoldestsnapshot", "globalvariable", "hasthreadfuzzer", "tid",
  "getmaxtablenamelengthfordatabase",
  // Column and block internals: a LowCardinality column read from a part keeps the part's whole
  // dictionary, other tenants' values included, after the row filter; these show its size or keys.
  "dumpcolumnstructure", "blockserializedsize", "bytesize", "tocolumntypename", "lowcardinalitykeys", "lowcardinalityindices",
  "gettypeserializationstreams", "blocksize", "blocknumber", "rownumberinblock", "rownumberinallblocks",
]);

/**
 * Functions whose cost for one row has no useful bound: ClickHouse checks `max_execution_time`
 * only between blocks, and chdb cannot interrupt a statement, so one call on a few long values
 * would hold the engine for hours. Quadratic comparisons and substring searches (a long needle
 * in a long haystack), the functions that build long values out of short ones, and set
 * operations on arrays, which hash every element of every argument for each row: a constant
 * argument is not copied per row, so no memory cap bounds it, and `arrayIntersect` with a
 * million-element constant cost 90 ms a row (45 s for a block). Compared as OUTSIDE_FUNCTIONS
 * are. LIKE and regular expressions stay: RE2 and LIKE patterns are linear.
 */
const UNBOUNDED_FUNCTIONS = new Set([
  "editdistance", "editdistanceutf8", "levenshteindistance", "levenshteindistanceutf8", "dameraulevenshteindistance",
  "jarosimilarity", "jarowinklersimilarity", "arraylevenshteindistance", "arraylevenshteindistanceweighted", "arraysimilarity",
  "position", "positionutf8", "positioncaseinsensitive", "positioncaseinsensitiveutf8", "locate", "instr",
  "countsubstrings", "countsubstringscaseinsensitive", "countsubstringscaseinsensitiveutf8", "hasall", "hasany", "hassubstr",
  "repeat", "space", "leftpad", "rightpad", "leftpadutf8", "rightpadutf8", "lpad", "rpad", "replicate", "arraywithconstant",
  "arrayresize", "randomstring", "randomstringutf8", "randomfixedstring", "randomprintableascii",
  "arrayintersect", "arrayunion", "arraysymmetricdifference", "arrayjaccardindex",
]);

/** Families of the above with many members (`multiSearchAny`, `multiMatchAllIndices`, `multiFuzzyMatch…`). */
const UNBOUNDED_PREFIXES = ["multisearch", "multimatch", "multifuzzymatch"];

/** What the checks read of a statement (sql-guard.ts's StatementShape). */
interface Calls {
  readonly functions: readonly FunctionCall[];
}

/** The calls that pass `test`, as written, each once. */
function calledAs(shape: Calls, test: (name: string) => boolean): string[] {
  return [...new Set(shape.functions.filter((call) => test(call.resolved)).map((call) => call.written))];
}

export function outsideFunctions(shape: Calls): string[] {
  return calledAs(shape, (f) => OUTSIDE_FUNCTIONS.has(f) || f.startsWith("dict") || f.startsWith("__"));
}

export function unboundedFunctions(shape: Calls): string[] {
  return calledAs(shape, (f) => UNBOUNDED_FUNCTIONS.has(f) || UNBOUNDED_PREFIXES.some((p) => f.startsWith(p)));
}

/**
 * At most this many values gathered into one value by an aggregate. Results leave in blocks of
 * 512 rows (groups, or rows of a window), so one block holds at most about 5 million gathered
 * values: sorting that many strings takes a fraction of a second, where one group of 10 million
 * (`arraySort(groupArray(s))`) held the engine 8 s past a 2 s limit.
 */
export const MAX_GATHERED_VALUES = 10_000;

/**
 * Aggregates that gather values from many rows into one (an array, a string, a list of top
 * values), by the position of the parameter that bounds how many, and an example for the
 * message. `unsizedDefault`: left out, nothing bounds it (groupArray); the others either
 * require it or default to a small size (`topK` keeps 10).
 */
const GATHERING_AGGREGATES = new Map<string, { readonly size: number; readonly unsizedDefault: boolean; readonly example: string }>([
  ["grouparray", { size: 0, unsizedDefault: true, example: "groupArray(10000)(x)" }],
  ["groupuniqarray", { size: 0, unsizedDefault: true, example: "groupUniqArray(10000)(x)" }],
  ["groupconcat", { size: 1, unsizedDefault: true, example: "groupConcat(',', 10000)(x)" }],
  ["grouparrayinsertat", { size: 1, unsizedDefault: true, example: "groupArrayInsertAt(0, 10000)(x, i)" }],
  ["grouparraysample", { size: 0, unsizedDefault: false, example: "groupArraySample(10000)(x)" }],
  ["grouparraylast", { size: 0, unsizedDefault: false, example: "groupArrayLast(10000)(x)" }],
  ["grouparraysorted", { size: 0, unsizedDefault: false, example: "groupArraySorted(10000)(x)" }],
  ["topk", { size: 0, unsizedDefault: false, example: "topK(100)(x)" }],
  ["topkweighted", { size: 0, unsizedDefault: false, example: "topKWeighted(100)(x, w)" }],
  ["approx_top_k", { size: 0, unsizedDefault: false, example: "approx_top_k(100)(x)" }],
  ["approx_top_sum", { size: 0, unsizedDefault: false, example: "approx_top_sum(100)(x, w)" }],
  ["histogram", { size: 0, unsizedDefault: false, example: "histogram(100)(x)" }],
  ["largesttrianglethreebuckets", { size: 0, unsizedDefault: false, example: "largestTriangleThreeBuckets(100)(x, y)" }],
  ["sparkbar", { size: 0, unsizedDefault: false, example: "sparkbar(100)(x, y)" }],
]);

/**
 * Aggregates whose result grows with every row they read and that take no size: moving sums
 * (one element per row), sums by key (one entry per key), JSON paths seen, a flame graph, a
 * vector tile, rows formatted as text, a time series' samples (`timeSeries…`).
 */
const UNSIZED_AGGREGATES = new Set([
  "grouparraymovingsum", "grouparraymovingavg", "summapwithoverflow", "summappedarrays", "minmappedarrays", "maxmappedarrays",
  "distinctjsonpaths", "distinctjsonpathsandtypes", "flamegraph", "mvtencode", "groupformat",
]);

/**
 * Combinators whose result grows with the rows: State (an aggregate's state: uniqExact's holds
 * every value), Map (one result per key: `sumMap`), Resample (one per interval of a range).
 */
const UNSIZED_COMBINATORS = new Set(["state", "map", "resample"]);

/**
 * Exact quantiles keep every value and, once the rows are read, select through all of them
 * again for each level: 99 levels over 10 million values ran 18 s past a 2 s limit, where 10
 * levels cost under twice what one does.
 */
const EXACT_QUANTILES = new Set(["quantilesexact", "quantilesexactlow", "quantilesexacthigh", "quantilesexactinclusive", "quantilesexactexclusive"]);
export const MAX_EXACT_QUANTILE_LEVELS = 10;

/** `UInt64_10` as EXPLAIN AST prints a literal parameter. */
function literalSize(parameter: string | undefined): number | undefined {
  const match = parameter === undefined ? null : /^UInt64_(\d+)$/.exec(parameter);
  return match ? Number(match[1]) : undefined;
}

/** Why an aggregate call could gather a value of unbounded size, or undefined when it cannot. */
function unboundedGathering(call: FunctionCall): string | undefined {
  const { aggregate } = call;
  if (!aggregate) return undefined;
  if (EXACT_QUANTILES.has(aggregate.base) && call.parameters.length > MAX_EXACT_QUANTILE_LEVELS) {
    return `${call.written} with more than ${MAX_EXACT_QUANTILE_LEVELS} levels (each level reads every value again; ask for fewer, or use quantiles)`;
  }
  if (call.rowWise) return undefined;
  const combinator = aggregate.combinators.find((c) => UNSIZED_COMBINATORS.has(c));
  if (combinator) return `The ${combinator} combinator of ${call.written} (its result grows with every row it reads; read the aggregate's own result)`;
  if (UNSIZED_AGGREGATES.has(aggregate.base) || aggregate.base.startsWith("timeseries")) return `The aggregate ${call.written} (its result grows with every row it reads)`;
  const gathering = GATHERING_AGGREGATES.get(aggregate.base);
  if (!gathering) return undefined;
  const parameter = call.parameters[gathering.size];
  if (parameter === undefined && !gathering.unsizedDefault) return undefined;
  const size = literalSize(parameter);
  if (size !== undefined && size <= MAX_GATHERED_VALUES) return undefined;
  return `${call.written} without a size of at most ${MAX_GATHERED_VALUES} (write it as in ${gathering.example}: a value gathered from many rows needs a bound)`;
}

/** Aggregate calls that could gather a value of unbounded size, each with why. */
export function unboundedAggregates(shape: Calls): string[] {
  return [...new Set(shape.functions.map(unboundedGathering).filter((why) => why !== undefined))];
}
