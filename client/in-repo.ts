/**
 * `aviary/client` inside the server package: the client package's exports, plus the helpers
 * that type a client from `aviary/schema` definitions (`createClient<{ sales: ShapeOf<typeof
 * sales> }>`). Those need the SDK, which the standalone package does not carry.
 */
export * from "./index.ts";
export type { IngestRow, ShapeOf } from "./definition-types.ts";
