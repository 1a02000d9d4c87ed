/**
 * A widget's failure in words, with the server's own message and a way to try again. A
 * report outside the token's scopes names its pipe instead: retrying cannot help, and
 * whoever gave out the link knows which scope to add (or to use `--dashboard`).
 */
import type { ApiError } from "../api/api-error.ts";
import type { DashboardPipe } from "../api/dashboard-pipes.ts";

function explain(error: ApiError): string {
  if (error.status === 0) return error.message;
  if (error.status === 403) return `This token cannot read this report (${error.message}).`;
  if (error.status === 404) return `This report is not available on the server (${error.message}).`;
  if (error.status === 408) return "The query took too long. Try a shorter period.";
  if (error.status === 429) return "Too many requests for this token; it will work again in a moment.";
  return error.message;
}

export function NoAccessNote({ pipe }: { pipe: DashboardPipe }) {
  return (
    <div className="error-note no-access" data-missing-pipe={pipe}>
      <span>
        This link has no access to <code>{pipe}</code>.
      </span>
    </div>
  );
}

export function ErrorNote({ error, pipe, onRetry }: { error: ApiError; pipe?: DashboardPipe; onRetry?: () => void }) {
  if (pipe && error.isNoAccess) return <NoAccessNote pipe={pipe} />;
  return (
    <div className="error-note" role="alert">
      <span>{explain(error)}</span>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
