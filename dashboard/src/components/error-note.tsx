/** A widget's failure in words, with the server's own message and a way to try again. */
import type { ApiError } from "../api/api-error.ts";

function explain(error: ApiError): string {
  if (error.status === 0) return error.message;
  if (error.status === 403) return `This token cannot read this report (${error.message}).`;
  if (error.status === 404) return `This report is not available on the server (${error.message}).`;
  if (error.status === 408) return "The query took too long. Try a shorter period.";
  if (error.status === 429) return "Too many requests for this token; it will work again in a moment.";
  return error.message;
}

export function ErrorNote({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
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
