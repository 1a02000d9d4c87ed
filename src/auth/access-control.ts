/**
 * Everything the HTTP edge asks of auth, built once at start: who a request is
 * (authenticate) and whether it may run now (rate limits). The server-wide default
 * limit applies per token to every request of a non-admin token; a JWT's own
 * `limits.rps` applies per JWT name and pipe, as in Tinybird.
 */
import { errors } from "../errors.ts";
import type { Project } from "../project/model.ts";
import { Authenticator, type Credentials } from "./authenticate.ts";
import type { Principal } from "./principal.ts";
import { RateLimiter, type Admission } from "./rate-limiter.ts";
import type { TokenSource } from "../state/token-source.ts";
import { TokenStore } from "./token-store.ts";
import type { Workspace } from "./workspace.ts";

export interface AccessOptions {
  /** Requests per second per non-admin token; 0 turns the default limit off. */
  readonly defaultRps: number;
}

export class AccessControl {
  private readonly limiter = new RateLimiter();

  private constructor(
    readonly workspace: Workspace,
    readonly tokens: TokenStore,
    private readonly authenticator: Authenticator,
    private readonly options: AccessOptions,
  ) {}

  /** Reads the stored tokens and brings the project's up to date (inside the deploy lease, where nodes share them). */
  static async open(source: TokenSource, workspace: Workspace, project: Project, options: AccessOptions): Promise<AccessControl> {
    const tokens = await TokenStore.open(source, workspace);
    await tokens.syncProject(project);
    return new AccessControl(workspace, tokens, new Authenticator(workspace, tokens), options);
  }

  /** The request's principal, already admitted by the server-wide limit. */
  authenticate(credentials: Credentials): Principal {
    const principal = this.authenticator.authenticate(credentials);
    if (!principal.isAdmin) admit(this.limiter.take(principal.rateKey, this.options.defaultRps));
    return principal;
  }

  /** A JWT's `limits.rps`, per name and pipe. */
  admitPipe(principal: Principal, pipe: string): void {
    if (principal.pipeRps !== undefined) admit(this.limiter.take(`${principal.rateKey}|${pipe}`, principal.pipeRps));
  }
}

function admit(admission: Admission): void {
  if (!admission.allowed) throw errors.rateLimited(admission);
}
