/**
 * A region pair with a project in the destination too, and a way to run
 * the clone engine between the two projects as the action would.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClientTuning } from "../../src/clone/clone-project.ts";
import { cloneProject } from "../../src/clone/clone-project.ts";
import type { Mapping } from "../../src/clone/mapping.ts";
import type {
  CloneLog,
  CloneOptions,
  CloneResult,
} from "../../src/clone/types.ts";
import type {
  Emulator,
  EmulatorOptions,
  ProjectSeed,
} from "../emulator/index.ts";
import type { SideOptions } from "./clone-options.ts";
import { cloneOptionsFor, destinationOptions } from "./clone-options.ts";
import type { RegionPair } from "./region-pair.ts";
import { startRegionPair } from "./region-pair.ts";

/** Fast retries: tests must not wait out production backoffs. */
export const FAST_RETRIES: ClientTuning = {
  retryBaseMs: 5,
  retryMaxMs: 50,
  timeoutMs: 2_000,
};

/** A log that keeps every line, for assertions. */
export function recordingLog(): CloneLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(message),
    warning: (message) => lines.push(`warning: ${message}`),
    debug: () => {},
    group: (name, fn) => {
      lines.push(`## ${name}`);
      return fn();
    },
  };
}

export interface TwoRegions extends RegionPair {
  destinationProjectUid: string;
  mappingFile: string;
  /** The options a default workflow step would give the engine. */
  cloneOptions(): Omit<CloneOptions, "log">;
  /** Runs the engine with `cloneOptions()` and these overrides. */
  clone(
    overrides?: Partial<CloneOptions>,
    tuning?: ClientTuning,
  ): Promise<CloneResult & { log: string[] }>;
  readMapping(): Promise<Mapping>;
  /** Stops both regions and removes the mapping file. */
  close(): Promise<void>;
}

export async function startTwoRegions(
  seed: ProjectSeed,
  options: EmulatorOptions & { destinationSeed?: ProjectSeed } = {},
): Promise<TwoRegions> {
  const pair = await startRegionPair(seed, options);
  const { destination, destinationOrganization } = pair;
  const destinationProjectUid = options.destinationSeed
    ? destination.seedProject(destinationOrganization, options.destinationSeed)
        .projectUid
    : destination.createProject(destinationOrganization, {
        name: "Production",
      });
  const directory = await mkdtemp(join(tmpdir(), "personalize-clone-"));
  const mappingFile = join(directory, "mapping.json");
  const cloneOptions = () =>
    cloneOptionsFor({
      source: {
        baseUrl: pair.source.url,
        token: pair.sourceToken,
        projectUid: pair.sourceProjectUid,
      },
      destination: {
        baseUrl: destination.url,
        token: pair.destinationToken,
        projectUid: destinationProjectUid,
        organizationUid: destinationOrganization,
      },
      mappingFile,
      // An emulator without a rate limit need not wait out the real one.
      maxRequestsPerSecond: options.rateLimit === 0 ? 100 : 10,
    });

  return {
    ...pair,
    destinationProjectUid,
    mappingFile,
    cloneOptions,
    async clone(overrides = {}, tuning = FAST_RETRIES) {
      const log = recordingLog();
      const result = await cloneProject(
        { ...cloneOptions(), log, ...overrides },
        tuning,
      );
      return { ...result, log: log.lines };
    },
    async readMapping() {
      return JSON.parse(await readFile(mappingFile, "utf8")) as Mapping;
    },
    async close() {
      await pair.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Options that make the clone find the destination project by its name in
 * the destination organization, or create it there.
 */
export function destinationNamed(
  regions: TwoRegions,
  projectName: string,
  side: Partial<SideOptions> = {},
): Partial<CloneOptions> {
  return {
    destination: destinationOptions({
      baseUrl: regions.destination.url,
      token: regions.destinationToken,
      organizationUid: regions.destinationOrganization,
      projectName,
      ...side,
    }),
  };
}

/** Writes the destination emulator received, as `METHOD /path` lines. */
export function writesTo(emulator: Emulator): string[] {
  return emulator.requests
    .filter((request) => request.isWrite)
    .map((request) => `${request.method} ${request.path}`);
}
