/**
 * Qualified names a Tinybird pipe may read that Aviary can not provide: a datasource
 * shared from another workspace (`workspace.datasource`), one of Tinybird's service
 * datasources (`tinybird.pipe_stats_rt`), a resource of an older release
 * (`v1_0_2.events`). Aviary serves a single workspace in a single version, so such a
 * name is refused at load, saying why, rather than failing with ClickHouse's
 * UNKNOWN_DATABASE when the pipe runs. ClickHouse's own `system` tables are left alone.
 */
export function unavailableResource(database: string, name: string): string | undefined {
  const full = `"${database}.${name}"`;
  if (database === "system") return undefined;
  if (/^v\d+(_\d+)*$/.test(database)) {
    return `${full} is a resource of Tinybird release ${database.slice(1).replace(/_/g, ".")}: Aviary keeps no releases, read "${name}" instead`;
  }
  if (database === "tinybird") return `${full} is one of Tinybird's service datasources, which Aviary does not have`;
  return `${full} is datasource "${name}" shared from workspace "${database}": Aviary serves a single workspace, so add "${name}" to this project and read it as "${name}"`;
}
