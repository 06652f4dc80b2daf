import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { InputError } from "../personalize/errors.ts";
import type { EntityType } from "./types.ts";

const uidMap = z.record(z.string(), z.string());

const mappingSchema = z.object({
  version: z.literal(1),
  source: z.object({ region: z.string(), projectUid: z.string() }),
  destination: z.object({ region: z.string(), projectUid: z.string() }),
  attributes: uidMap,
  audiences: uidMap,
  events: uidMap,
  experiences: uidMap,
});

/**
 * Source uid → destination uid for every entity that landed, with the two
 * projects it joins. Written after each write, so a run that stops halfway
 * leaves a file from which the next run resumes.
 */
export type Mapping = z.infer<typeof mappingSchema>;

export function emptyMapping(
  source: { region: string; projectUid: string },
  destination: { region: string; projectUid: string },
): Mapping {
  return {
    version: 1,
    source,
    destination,
    attributes: {},
    audiences: {},
    events: {},
    experiences: {},
  };
}

/**
 * Reads the mapping an earlier run saved, or nothing when there is no file.
 * A file that is not a mapping, or that joins other projects, is refused
 * rather than silently replaced.
 */
export async function readMapping(
  path: string,
  sourceProjectUid: string,
): Promise<Mapping | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }

  let parsed: z.ZodSafeParseResult<Mapping>;
  try {
    parsed = mappingSchema.safeParse(JSON.parse(text));
  } catch {
    throw new InputError(
      "mapping-file",
      `Input "mapping-file" names ${path}, which is not valid JSON: ` +
        "fix or delete it, or name another file.",
    );
  }
  if (!parsed.success) {
    throw new InputError(
      "mapping-file",
      `Input "mapping-file" names ${path}, which is not a clone mapping ` +
        `(${z.prettifyError(parsed.error).replaceAll("\n", " ")}): ` +
        "fix or delete it, or name another file.",
    );
  }
  if (parsed.data.source.projectUid !== sourceProjectUid) {
    throw new InputError(
      "mapping-file",
      `Input "mapping-file" names ${path}, which maps source project ` +
        `${parsed.data.source.projectUid}, not ${sourceProjectUid}: ` +
        "name a mapping file of its own for each source project.",
    );
  }
  return parsed.data;
}

/** Writes the mapping whole through a temporary file, never half a file. */
export async function writeMapping(
  path: string,
  mapping: Mapping,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(mapping, null, 2)}\n`);
  await rename(temporary, path);
}

/**
 * Serialises the writes of one mapping, so that concurrent loads never
 * interleave two renames of the same file.
 */
export class MappingRecorder {
  readonly mapping: Mapping;
  private readonly path: string;
  private pending: Promise<void> = Promise.resolve();

  constructor(path: string, mapping: Mapping) {
    this.path = path;
    this.mapping = mapping;
  }

  /** Records one landed entity and saves the whole mapping. */
  record(type: EntityType, sourceUid: string, destinationUid: string) {
    this.mapping[type][sourceUid] = destinationUid;
    return this.save();
  }

  save(): Promise<void> {
    const next = this.pending.then(() => writeMapping(this.path, this.mapping));
    this.pending = next.catch(() => {});
    return next;
  }
}
