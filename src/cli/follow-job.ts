/**
 * A command that starts a job on the running server (a delete, a backup) and waits for it:
 * POST, then `GET /v0/jobs/{id}` until it is done. A refusal or a failed job ends the
 * command with the server's message, exit code 1.
 */
export function fail(command: string, message: string): never {
  console.error(`aviary ${command}: ${message}`);
  process.exit(1);
}

export async function failure(command: string, res: Response): Promise<never> {
  const text = await res.text();
  let message = text;
  try {
    message = (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    // Not JSON: the text as it came.
  }
  return fail(command, `${res.status} ${message}`);
}

/** The finished job's JSON. `started` is told the job's id as soon as it is queued. */
export async function followJob(command: string, url: string, token: string, path: string, body: URLSearchParams, started?: (id: string) => void): Promise<Record<string, unknown>> {
  const headers = { authorization: `Bearer ${token}` };
  const res = await fetch(`${url}${path}`, { method: "POST", headers, body });
  if (res.status !== 201) return failure(command, res);
  const { job_id: id } = (await res.json()) as { job_id: string };
  started?.(id);
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const poll = await fetch(`${url}/v0/jobs/${id}`, { headers });
    if (!poll.ok) return failure(command, poll);
    const job = (await poll.json()) as Record<string, unknown>;
    if (job.status === "error" || job.status === "cancelled") fail(command, String(job.error ?? job.cancelled_reason ?? `the job ended ${String(job.status)}`));
    if (job.status === "done") return job;
  }
}
