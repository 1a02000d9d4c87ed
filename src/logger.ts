import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import type { Config } from "./config.ts";

/** Structured JSON logs; readable lines when a person is watching the terminal. */
export function createLogger(config: Pick<Config, "logLevel" | "prettyLogs">): Logger {
  const stream = config.prettyLogs ? pretty({ colorize: true, translateTime: "HH:MM:ss", ignore: "pid,hostname" }) : undefined;
  return pino({ level: config.logLevel, base: undefined }, stream);
}
