/**
 * Whether the engine answers now, for `/ready`: a `SELECT 1` that must come back within
 * TIMEOUT_MS, its verdict kept for CACHE_MS so a load balancer's checks (and many of them
 * at once) cost one statement a second. The embedded engine runs one statement at a time,
 * so a node busy past the timeout with a long query also reads as not ready.
 */
import type { Engine } from "./engine.ts";

const TIMEOUT_MS = 2000;
const CACHE_MS = 1000;

/** Undefined when the engine answered; otherwise why not, in words. */
export type ProbeVerdict = string | undefined;

export class EngineProbe {
  private verdict: { at: number; value: ProbeVerdict } | undefined;
  private running: Promise<ProbeVerdict> | undefined;

  constructor(private readonly engine: Engine) {}

  check(now = Date.now()): Promise<ProbeVerdict> {
    if (this.verdict && now - this.verdict.at < CACHE_MS) return Promise.resolve(this.verdict.value);
    this.running ??= this.probe().then((value) => {
      this.verdict = { at: Date.now(), value };
      this.running = undefined;
      return value;
    });
    return this.running;
  }

  private async probe(): Promise<ProbeVerdict> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<ProbeVerdict>((done) => {
      timer = setTimeout(() => done(`the ${this.engine.kind} engine did not answer SELECT 1 within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    });
    const answer = this.engine.query("SELECT 1", { settings: { max_execution_time: TIMEOUT_MS / 1000 } }).then(
      (): ProbeVerdict => undefined,
      (err: unknown): ProbeVerdict => `the ${this.engine.kind} engine failed SELECT 1: ${(err as Error).message.split("\n")[0]}`,
    );
    try {
      return await Promise.race([answer, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
