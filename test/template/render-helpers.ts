/** Shorthands for template tests: render a body (the `%` marker is added) or capture its error. */
import { type RenderOptions, type RenderResult, renderTemplate } from "../../src/template/index.ts";

export type Vars = Readonly<Record<string, unknown>>;

export function renderFull(body: string, vars: Vars = {}, options?: RenderOptions): RenderResult {
  return renderTemplate(`%\n${body}`, vars, options);
}

export function render(body: string, vars: Vars = {}, options?: RenderOptions): string {
  return renderFull(body, vars, options).sql;
}

/** The error a render throws; fails the test if it does not throw. */
export function renderError(body: string, vars: Vars = {}, options?: RenderOptions): Error & { status?: number; line?: number; documentation?: string; body?: unknown } {
  try {
    render(body, vars, options);
  } catch (e) {
    return e as Error & { status?: number };
  }
  throw new Error(`expected ${JSON.stringify(body)} to fail`);
}
