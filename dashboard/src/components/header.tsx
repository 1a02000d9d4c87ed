/** The top bar: who and what is on screen (tenant, domain), sharing it (admin), visitors online now, sign out. */
import type { PipeResponse } from "../api/api-client.ts";
import type { DomainRow } from "../api/pipe-rows.ts";
import { useReport } from "../state/report-context.ts";
import { useSession } from "../state/session-context.ts";
import type { Loaded } from "../state/use-load.ts";
import type { TenantOption } from "../state/use-tenants.ts";
import { DomainPicker } from "./domain-picker.tsx";
import { LiveVisitors } from "./live-visitors.tsx";
import { ShareButton } from "./share-dialog.tsx";
import { Logo } from "./logo.tsx";
import { TenantPicker } from "./tenant-picker.tsx";

export function Header({ tenants, domains }: { tenants: Loaded<TenantOption[]>; domains: Loaded<PipeResponse<DomainRow>> }) {
  const { signOut, info } = useSession();
  const { operator, tenantId } = useReport();
  return (
    <header className="app-header">
      <div className="brand">
        <Logo />
        <span className="hide-phone">Aviary</span>
      </div>
      <div className="header-scope">
        {operator && tenants.data && tenants.data.length > 0 ? (
          <TenantPicker tenants={tenants.data} />
        ) : tenantId ? (
          <span className="tenant-label" data-testid="tenant-label">
            Tenant <strong>{tenantId}</strong>
          </span>
        ) : info.kind === "jwt" && info.name ? (
          <span className="tenant-label">{info.name}</span>
        ) : null}
        <DomainPicker domains={domains} />
        {operator && <ShareButton tenantId={tenantId} />}
      </div>
      <div className="header-end">
        <LiveVisitors />
        <button type="button" className="button quiet" onClick={() => signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
