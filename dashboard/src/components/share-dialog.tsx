/**
 * "Share": the admin mints a link that opens this dashboard for the tenant in view, and
 * nothing else (lib/share-link.ts); "can edit goals and funnels" lets it write those, for
 * that tenant only. Only the admin token may mint (`POST /v0/tokens`);
 * the button appears once `GET /v0/tokens`, also the admin's alone, has answered, so
 * tenant viewers and other static tokens never see it.
 */
import { useEffect, useRef, useState, type FormEvent } from "preact/compat";
import { ApiError } from "../api/api-error.ts";
import { DEFAULT_SHARE_DAYS, SHARE_LIFETIMES, dashboardScopes, expiresAfter, shareLink } from "../lib/share-link.ts";
import { useSession } from "../state/session-context.ts";
import { useCopy } from "../state/use-copy.ts";
import { useIsAdmin } from "../state/use-is-admin.ts";

interface Minted {
  readonly link: string;
  readonly expiresAt: number;
}

function ShareDialog({ tenantId, onClose }: { tenantId: string; onClose: () => void }) {
  const { client } = useSession();
  const [days, setDays] = useState(DEFAULT_SHARE_DAYS);
  const [canEdit, setCanEdit] = useState(false);
  const [minted, setMinted] = useState<Minted>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [copied, copy] = useCopy();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const expiresAt = expiresAfter(days);
      const token = await client.createJwt(tenantId, dashboardScopes(tenantId, canEdit), expiresAt);
      setMinted({ link: shareLink(window.location.origin, token), expiresAt });
    } catch (err) {
      setError(`Could not create the link: ${err instanceof ApiError ? err.reason : String(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} className="share" onClose={onClose} aria-labelledby="share-title" data-testid="share-dialog">
      <div className="panel">
        <div className="panel-head">
          <h2 id="share-title">Share {tenantId}'s dashboard</h2>
          <div className="panel-actions">
            <button type="button" className="button quiet" onClick={onClose} aria-label="Close">
              ✕
            </button>
          </div>
        </div>
        <p className="note">A link that opens this dashboard without signing in, showing {tenantId}'s reports and nobody else's.</p>
        <form className="share-form" onSubmit={create}>
          <label className="field">
            Valid for
            <select className="select" value={days} onChange={(e) => {
                setDays(Number(e.currentTarget.value));
                setMinted(undefined);
              }}>
              {SHARE_LIFETIMES.map((l) => (
                <option key={l.days} value={l.days}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={canEdit} data-testid="share-can-edit" onChange={(e) => {
                setCanEdit(e.currentTarget.checked);
                setMinted(undefined);
              }} />
            Can edit goals and funnels
          </label>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? "Creating…" : "Create link"}
          </button>
        </form>
        {error && (
          <div className="alert" role="alert">
            {error}
          </div>
        )}
        {minted && (
          <>
            <label className="field">
              Link
              <input className="input" readOnly value={minted.link} data-testid="share-link" onFocus={(e) => e.currentTarget.select()} />
            </label>
            <div className="panel-foot">
              <span data-testid="share-note">
                Anyone with this link sees {tenantId}'s reports{canEdit ? " and can change their goals and funnels" : ""} until {new Date(minted.expiresAt * 1000).toLocaleString()}. It cannot be withdrawn sooner, so choose the
                shortest time that will do.
              </span>
              <button type="button" className="button" onClick={() => copy(minted.link)}>
                {copied ? "Copied" : "Copy"}
              </button>
            </div>
          </>
        )}
      </div>
    </dialog>
  );
}

export function ShareButton({ tenantId }: { tenantId: string | undefined }) {
  const admin = useIsAdmin();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  if (!admin || !tenantId) return null;
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <>
      <button ref={button} type="button" className="button" onClick={() => setOpen(true)} data-testid="share-button">
        Share
      </button>
      {open && <ShareDialog key={tenantId} tenantId={tenantId} onClose={close} />}
    </>
  );
}
