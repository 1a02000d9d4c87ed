/**
 * client/endpoints.ts lists the kit's endpoints by hand (the client must not import the
 * kit at runtime); client/kit-types.ts checks the list when it compiles, and this checks it
 * against the kit's runtime definitions: the same endpoints, under their real names.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { getEndpointConfig, type PipeDefinition } from "@tinybirdco/sdk";
import { KIT_ENDPOINTS } from "aviary/client";
import * as kit from "../../kit/index.ts";

const isPipe = (value: unknown): value is PipeDefinition => typeof value === "object" && value !== null && (value as { _type?: unknown })._type === "pipe";

test("KIT_ENDPOINTS is exactly the kit's endpoints, each under its endpoint name", () => {
  const endpoints = Object.entries(kit)
    .filter((entry): entry is [string, PipeDefinition] => isPipe(entry[1]) && getEndpointConfig(entry[1]) !== null)
    .map(([exportName, pipe]) => [pipe._name, exportName])
    .sort(([a], [b]) => (a! < b! ? -1 : 1));
  assert.deepEqual(Object.entries(KIT_ENDPOINTS), endpoints);
});
