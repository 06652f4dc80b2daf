/**
 * Reads the inputs and outputs of action.yml. It understands the subset of
 * YAML that file uses (block maps, plain and quoted scalars, `>-` folded
 * descriptions), which keeps the tests free of a YAML dependency.
 */

import { readFileSync } from "node:fs";

export interface ManifestEntry {
  name: string;
  description: string;
  required: boolean;
  /** Absent when action.yml declares no default. */
  default?: string;
}

export interface Manifest {
  inputs: ManifestEntry[];
  outputs: ManifestEntry[];
  runs: Record<string, string>;
}

export function readManifest(path = "action.yml"): Manifest {
  const lines = readFileSync(path, "utf8").split("\n");
  const manifest: Manifest = { inputs: [], outputs: [], runs: {} };
  let section = "";
  let entry: ManifestEntry | undefined;

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    const top = /^(\w[\w-]*):/.exec(line);
    if (top) {
      section = top[1] ?? "";
      entry = undefined;
      continue;
    }
    const name = /^ {2}([\w-]+):\s*(.*)$/.exec(line);
    if (name && section === "runs") {
      manifest.runs[name[1] ?? ""] = unquote(name[2] ?? "");
      continue;
    }
    if (name && (section === "inputs" || section === "outputs")) {
      entry = { name: name[1] ?? "", description: "", required: false };
      manifest[section].push(entry);
      continue;
    }
    const field = /^ {4}([\w-]+):\s*(.*)$/.exec(line);
    if (!field || entry === undefined) {
      continue;
    }

    let value = field[2] ?? "";
    if (value === ">-") {
      const folded: string[] = [];
      while (/^ {6}\S/.test(lines[index + 1] ?? "")) {
        index += 1;
        folded.push((lines[index] ?? "").trim());
      }
      value = folded.join(" ");
    }
    value = unquote(value);
    if (field[1] === "description") entry.description = value;
    if (field[1] === "required") entry.required = value === "true";
    if (field[1] === "default") entry.default = value;
  }
  return manifest;
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  return quoted ? (quoted[1] ?? "") : value;
}
