/**
 * `COPY_SCHEDULE`: `@on-demand` (also when absent), or a cron expression read in UTC as
 * Tinybird does. Beyond Tinybird, a sixth leading field gives seconds (`*\/10 * * * * *`),
 * which is how the tests run a schedule without waiting a minute.
 */
import { CronExpressionParser } from "cron-parser";

export type CopySchedule =
  | { readonly kind: "on-demand" }
  | {
      readonly kind: "cron";
      readonly expression: string;
      /** The first run strictly after a moment. */
      readonly next: (after: Date) => Date;
      /** The last run at or before a moment. */
      readonly last: (notAfter: Date) => Date;
    };

const ON_DEMAND = new Set(["", "@on-demand", "none"]);

export class ScheduleError extends Error {}

export function parseCopySchedule(text: string | undefined): CopySchedule {
  const expression = (text ?? "").trim();
  if (ON_DEMAND.has(expression.toLowerCase())) return { kind: "on-demand" };
  const fields = expression.split(/\s+/).length;
  if (!expression.startsWith("@") && fields !== 5 && fields !== 6) {
    throw new ScheduleError(`COPY_SCHEDULE "${expression}" is not a cron expression: it has ${fields} fields, a cron expression has 5 (minute hour day month weekday) or 6 (seconds first)`);
  }
  const parse = (after: Date) => CronExpressionParser.parse(expression, { currentDate: after, tz: "UTC" });
  try {
    parse(new Date()).next();
  } catch (err) {
    throw new ScheduleError(`COPY_SCHEDULE "${expression}" is not a valid cron expression: ${(err as Error).message}; use a cron expression (UTC) or @on-demand`);
  }
  return {
    kind: "cron",
    expression,
    next: (after) => parse(after).next().toDate(),
    last: (notAfter) => parse(new Date(notAfter.getTime() + 1)).prev().toDate(),
  };
}
