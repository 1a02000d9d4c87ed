import { defineVisitTopEndpoint } from "../sql/visit-top.ts";

export const topChannels = defineVisitTopEndpoint({
  name: "top_channels",
  description: "Visits by channel (Direct, Organic Search, Paid Search, Organic Social, Paid Social, Email, Referral, Affiliates, Display, Video, AI assistants)",
  dimension: "channel",
  dimensionSql: "visit_channel",
});
