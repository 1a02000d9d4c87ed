/**
 * `aviary/schema`: define datasources and pipes in TypeScript, in the seed's style.
 *
 * The column, parameter and engine builders are `@tinybirdco/sdk`'s own; the `define…`
 * functions produce the SDK's definition objects too, so a project written with either
 * module loads the same way and the SDK's inference types (`InferParams`,
 * `InferOutputRow`) work on ours. What ours relaxes: an endpoint's `output` and a node's
 * `name` are optional, and a materialized view's target may leave its schema to the view.
 */
export { t, p, engine, defineToken, sql } from "@tinybirdco/sdk";
export type {
  InferParams,
  InferOutputRow,
  InferRow,
  DatasourceDefinition,
  PipeDefinition,
  NodeDefinition,
} from "@tinybirdco/sdk";
export { defineDatasource } from "./define-datasource.ts";
export { node, definePipe, defineEndpoint, defineMaterializedView, defineCopyPipe } from "./define-pipe.ts";
