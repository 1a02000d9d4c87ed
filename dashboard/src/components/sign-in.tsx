/**
 * Paste a token. The form checks it against the server before switching screens, so a
 * typo is reported here rather than as a dashboard full of errors.
 */
import { useState, type FormEvent } from "preact/compat";
import { ApiClient } from "../api/api-client.ts";
import { ApiError } from "../api/api-error.ts";
import { Logo } from "./logo.tsx";

export function SignIn({ message, onSignIn }: { message?: string; onSignIn: (token: string) => void }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState(message);
  const [checking, setChecking] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const token = value.trim();
    if (!token) {
      setError("Paste a token first.");
      return;
    }
    setChecking(true);
    try {
      // Any endpoint will do; current_visitors is the cheapest. Only auth failures stop us:
      // a JWT without access to this one endpoint may still read the others.
      await new ApiClient(token).pipe("current_visitors");
      onSignIn(token);
    } catch (err) {
      if (err instanceof ApiError && !err.isAuth && err.status !== 0) onSignIn(token);
      else setError(err instanceof ApiError ? `The server refused this token: ${err.reason}` : String(err));
    } finally {
      setChecking(false);
    }
  }

  return (
    <main className="sign-in">
      <div className="panel">
        <Logo size={36} />
        <h1>Sign in to Aviary analytics</h1>
        <p className="note">
          Paste the admin token to see every tenant, or the token your provider gave you to see your own sites. It stays in this browser tab
          only.
        </p>
        {error && (
          <div className="alert" role="alert">
            {error}
          </div>
        )}
        <form onSubmit={submit}>
          <label className="field" htmlFor="token">
            Token
            <textarea
              id="token"
              className="input"
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              // A token is one line: Enter signs in, as in a single-line field.
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.shiftKey) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              placeholder="p.eyJ… or eyJhbGciOi…"
              autoComplete="off"
              spellcheck={false}
              autoFocus
            />
          </label>
          <button className="button primary" type="submit" disabled={checking}>
            {checking ? "Checking…" : "Sign in"}
          </button>
        </form>
      </div>
    </main>
  );
}
