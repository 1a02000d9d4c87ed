#!/usr/bin/env node
// Aviary runs its TypeScript sources directly: register tsx, then hand over to the CLI.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
