/**
 * Aviary's own datasource options (`ipGeolocation`, `writeTime`, `visitorId`, `dedupeKey`) are written in
 * the TypeScript definitions, and the SDK's generator leaves them out of the datafiles that
 * `tinybird build` sends. Deployed as sent, such a build of the kit would turn IP lookups off
 * (a page could then name its own country) and let a tenant back-date a goal version.
 *
 * So a built datasource that states none of an option keeps the deployed datasource's, and
 * the option is written into its datafile (IP_GEOLOCATION, WRITE_TIME, VISITOR_ID, DEDUPE_KEY): the saved
 * build, a restart from it and every other node then keep it too. A datafile that states the
 * keyword decides for itself.
 */
import { datafileName } from "./datafile-common.ts";
import type { DatafileInput } from "./load-datafiles.ts";
import type { Datasource, Project, ProjectIssue } from "./model.ts";

interface Option {
  readonly keyword: string;
  readonly name: string;
  /** The keyword's value in a datafile, when the datasource has the option. */
  readonly value: (ds: Datasource) => string | undefined;
}

const OPTIONS: readonly Option[] = [
  { keyword: "IP_GEOLOCATION", name: "ipGeolocation", value: (ds) => ds.ipGeolocation && JSON.stringify(ds.ipGeolocation) },
  { keyword: "WRITE_TIME", name: "writeTime", value: (ds) => ds.writeTime && JSON.stringify(ds.writeTime) },
  { keyword: "VISITOR_ID", name: "visitorId", value: (ds) => ds.visitorId && JSON.stringify(ds.visitorId) },
  { keyword: "DEDUPE_KEY", name: "dedupeKey", value: (ds) => ds.dedupeKey && JSON.stringify(ds.dedupeKey) },
];

const states = (content: string, keyword: string): boolean => new RegExp(`^[ \\t]*${keyword}\\b`, "m").test(content);

export interface KeptOptions {
  readonly files: DatafileInput[];
  /** One note per datasource that kept an option, for the build's feedback. */
  readonly notes: ProjectIssue[];
}

export function keepAviaryOptions(deployed: Project, files: readonly DatafileInput[]): KeptOptions {
  const notes: ProjectIssue[] = [];
  const kept = files.map((file) => {
    if (!file.name.endsWith(".datasource")) return file;
    const before = deployed.datasources.get(datafileName(file.name));
    if (before === undefined) return file;
    const lines = OPTIONS.flatMap((o) => {
      const value = o.value(before);
      return value !== undefined && !states(file.content, o.keyword) ? [{ line: `${o.keyword} ${value}`, name: o.name }] : [];
    });
    if (lines.length === 0) return file;
    const names = lines.map((l) => l.name).join(", ");
    notes.push({ loc: { file: file.name }, message: `keeps ${names} from the deployed datasource (datafiles from the SDK do not carry Aviary's options); state ${lines.map((l) => l.line.split(" ")[0]).join(" or ")} in the datafile to change it` });
    return { name: file.name, content: `${file.content.replace(/\n*$/, "\n")}\n${lines.map((l) => l.line).join("\n")}\n` };
  });
  return { files: kept, notes };
}
