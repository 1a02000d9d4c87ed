// The seed's application code, as written there (only indented): the client-side usage,
// "Filtering by Tenant", "List All Domains for a Tenant" and "List All Actions for a Tenant".
// seed-snippets.test.ts type-checks this file alone and runs it against a real server.
import { createAnalyticsClient } from "aviary/client";

const tinybird = createAnalyticsClient({
  token: 'YOUR_JWT_TOKEN', // Tenant-specific JWT
});

// This will automatically be filtered to the tenant in the JWT
const kpis = await tinybird.query.kpis({
  date_from: '2024-01-01',
  date_to: '2024-01-31',
});

const result = await tinybird.query.kpis({
  date_from: '2024-01-01',
  date_to: '2024-01-31',
  tenant_id: 'customer-123',
  domain: 'app.customer.com'
});

const domains = await tinybird.query.domains({
  tenant_id: 'customer-123'
});

const actions = await tinybird.query.actions({
  tenant_id: 'customer-123'
});

console.log(JSON.stringify({ kpis, result, domains, actions }));
