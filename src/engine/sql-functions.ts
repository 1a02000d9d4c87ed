/**
 * Functions a restricted token's statement may not call, judged by the function ClickHouse
 * runs for a name: an alias (`user` is `currentUser`, `REGEXP_REPLACE` is `replaceRegexpAll`)
 * or a case-insensitive function in another casing resolves to it. Resolution reads the
 * engine's own `system.functions`, so the aliases of whatever ClickHouse version runs are
 * covered, not a list of ours.
 */
import { queryRows, type Engine } from "./engine.ts";

/** A function as written, with the lower-cased name of the function ClickHouse runs for it. */
export interface FunctionCall {
  readonly written: string;
  readonly resolved: string;
}

/** The lower-cased name of the function that a name as written calls. */
export type FunctionResolver = (written: string) => string;

interface FunctionRow {
  readonly name: string;
  readonly alias_to: string;
  readonly case_insensitive: number;
}

function resolverOf(rows: readonly FunctionRow[]): FunctionResolver {
  const exact = new Map(rows.map((r) => [r.name, r.alias_to]));
  const anyCase = new Map(rows.filter((r) => r.case_insensitive).map((r) => [r.name.toLowerCase(), r.alias_to]));
  return (written) => {
    let name = written;
    // `alias_to` may spell its target in another case (`connection_id` → `connectionID`, listed as `connectionId`).
    for (let hops = 0; hops < 4; hops++) {
      const target = exact.get(name) ?? anyCase.get(name.toLowerCase());
      if (!target) break;
      name = target;
    }
    return name.toLowerCase();
  };
}

const resolvers = new WeakMap<Engine, Promise<FunctionResolver>>();

/** Read once per engine; a failed read is retried by the next statement. */
export function functionResolver(engine: Engine): Promise<FunctionResolver> {
  let resolver = resolvers.get(engine);
  if (!resolver) {
    resolver = queryRows<FunctionRow>(engine, "SELECT name, alias_to, case_insensitive FROM system.functions").then(resolverOf);
    resolver.catch(() => resolvers.delete(engine));
    resolvers.set(engine, resolver);
  }
  return resolver;
}

/**
 * Ordinary functions that reach outside the query: files (`file('/etc/passwd')` works in
 * chdb), dictionaries and Join tables named by string, model files, server internals, and
 * sleeps. Compared with the lower-cased name a call resolves to (`user()` calls `currentUser`,
 * see functionResolver), so an alias needs no entry; a `dict` prefix covers the whole dictGet
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
 * in a long haystack), and the functions that build long values out of short ones. Compared
 * as OUTSIDE_FUNCTIONS are. LIKE and regular expressions stay: RE2 and LIKE patterns are linear.
 */
const UNBOUNDED_FUNCTIONS = new Set([
  "editdistance", "editdistanceutf8", "levenshteindistance", "levenshteindistanceutf8", "dameraulevenshteindistance",
  "jarosimilarity", "jarowinklersimilarity", "arraylevenshteindistance", "arraylevenshteindistanceweighted", "arraysimilarity",
  "position", "positionutf8", "positioncaseinsensitive", "positioncaseinsensitiveutf8", "locate", "instr",
  "countsubstrings", "countsubstringscaseinsensitive", "countsubstringscaseinsensitiveutf8", "hasall", "hasany", "hassubstr",
  "repeat", "space", "leftpad", "rightpad", "leftpadutf8", "rightpadutf8", "lpad", "rpad", "replicate", "arraywithconstant",
  "arrayresize", "randomstring", "randomstringutf8", "randomfixedstring", "randomprintableascii",
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
