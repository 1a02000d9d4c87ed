/**
 * `POST /v0/backups` with `out` (a directory on the server's machine): queues a `backup` job
 * (data-ops/backup.ts) and answers it, 201; `GET /v0/jobs/{id}` then shows the backup's
 * manifest. Admin only; not in cluster mode, where every shard backs itself up. With a
 * ClickHouse server, the server writes the data at `out` on its machine and this node the
 * manifest at `out` on its own: the same directory when both run on one machine or share it.
 */
import { isAbsolute, resolve, sep } from "node:path";
import type { FastifyInstance } from "fastify";
import { errors } from "../../errors.ts";
import { queuedJobAnswer } from "../../jobs/job-json.ts";
import { baseUrlOf } from "../base-url.ts";
import type { ApiContext } from "../context.ts";
import { arg, paramsOf, principalOf } from "../request.ts";

export function backupRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post("/v0/backups", async (request, reply) => {
    if (!principalOf(ctx, request).isAdmin) throw errors.adminOnlyBackups();
    if (ctx.config.clickhouseCluster) throw errors.backupsNotInCluster();
    const out = arg(paramsOf(request), "out") ?? "";
    if (!isAbsolute(out)) throw errors.badRequest("The 'out' parameter must be an absolute path on the server's machine: the directory backups go into (each in a folder of its own)");
    const dir = resolve(out);
    const inside = (root: string) => dir === root || dir.startsWith(`${root}${sep}`);
    // The data directory is the server's own (a start clears parts of it); /proc, /sys and /dev are not storage.
    if ([resolve(ctx.config.dataDir), "/proc", "/sys", "/dev"].some(inside)) {
      throw errors.badRequest(`Backups cannot go into ${dir}: choose a directory outside the server's data directory (${resolve(ctx.config.dataDir)}) and outside /proc, /sys and /dev`);
    }
    reply.code(201);
    return queuedJobAnswer(ctx.dataOps.requestBackup(out), baseUrlOf(ctx, request));
  });
}
