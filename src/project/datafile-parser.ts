/** Entry point of the Tinybird datafile parser. */
export { parseDatasourceFile } from "./datafile-datasource.ts";
export { parsePipeFile } from "./datafile-pipe.ts";
export type { DatasourceParseResult, PipeParseResult } from "./datafile-common.ts";
