/**
 * Reports leave bots out (the kit's endpoints do, unless asked with `include_bots`); this
 * small print says how many visits that was, for the period and filters in view. The
 * count is the `bot` row of `top_devices` with bots included. Nothing shows when there
 * were none, or when the endpoint cannot include them (an older kit counts bots anyway).
 */
import type { TopRow } from "../api/pipe-rows.ts";
import { formatInteger } from "../lib/format.ts";
import { pipeParams, useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";

export function BotNote() {
  const report = useReport();
  const canInclude = report.endpointParams?.get("top_devices")?.has("include_bots") === true;
  const params = canInclude ? pipeParams(report, "top_devices", { include_bots: true, device: "bot", skip: 0, limit: 1 }) : null;
  const bots = usePipe<TopRow>("top_devices", params);
  const visits = Number(bots.data?.data.find((row) => row.device === "bot")?.visits ?? 0);
  if (!params || visits === 0) return null;
  return (
    <p className="bot-note" data-testid="bot-note" data-value={visits}>
      {formatInteger(visits)} bot {visits === 1 ? "visit" : "visits"} excluded
    </p>
  );
}
