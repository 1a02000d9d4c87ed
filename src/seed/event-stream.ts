/**
 * The events `aviary seed` sends: the generator run in chunks of a million events, each
 * chunk with its own seed derived from the run's. Any position of the stream can then be
 * reached by generating at most one chunk, so an interrupted 100M-event seed resumes at
 * once, and a shorter run is always the start of a longer one (same options otherwise).
 * Chunk 0 uses the run's seed itself: up to a million events this is `generateEvents`.
 */
import { generateEvents, type FlockEvent, type GenerateOptions } from "./generate.ts";

export const CHUNK_EVENTS = 1_000_000;

function chunkSeed(seed: number, chunk: number): number {
  if (chunk === 0) return seed;
  // Distinct, well-spread 32-bit seeds per chunk (a multiplicative hash of the pair).
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(chunk, 0x85ebca6b)) >>> 0;
}

/** Events `from`… (0-based) of the run, up to `options.events` in total. */
export function* seedEvents(options: GenerateOptions, from = 0): Generator<FlockEvent> {
  for (let chunk = Math.floor(from / CHUNK_EVENTS); chunk * CHUNK_EVENTS < options.events; chunk++) {
    const first = chunk * CHUNK_EVENTS;
    const events = Math.min(CHUNK_EVENTS, options.events - first);
    let index = first;
    for (const event of generateEvents({ ...options, events, seed: chunkSeed(options.seed ?? 1, chunk) })) {
      if (index++ >= from) yield event;
    }
  }
}
