/**
 * The clone options a default workflow step gives the engine, built from
 * the little a test or a script knows about each side: where its API is,
 * whose token, which project.
 */
import type {
  AuthType,
  CloneOptions,
  Connection,
  DestinationOptions,
  SourceOptions,
} from "../../src/clone/types.ts";
import { ENTITY_TYPES } from "../../src/clone/types.ts";

/** One side; what is left out takes the action's default. */
export interface SideOptions {
  baseUrl: string;
  /** What the user wrote; the base URL itself unless given. */
  region?: string;
  token: string;
  authType?: AuthType;
  /** Empty, or left out, to find or create the destination by name. */
  projectUid?: string;
  organizationUid?: string;
  projectName?: string;
  stackApiKey?: string;
}

function connection(side: SideOptions): Connection {
  return {
    baseUrl: side.baseUrl,
    region: side.region ?? side.baseUrl,
    token: side.token,
    authType: side.authType ?? "authtoken",
  };
}

function sourceOptions(
  side: SideOptions & { projectUid: string },
): SourceOptions {
  return { ...connection(side), projectUid: side.projectUid };
}

/** A destination side, as `destination` of the clone options. */
export function destinationOptions(side: SideOptions): DestinationOptions {
  return {
    ...connection(side),
    projectUid: side.projectUid ?? "",
    organizationUid: side.organizationUid ?? "",
    projectName: side.projectName ?? "",
    stackApiKey: side.stackApiKey ?? "",
  };
}

/**
 * Every entity type and experience, existing entities updated, statuses
 * mirrored, writes made, no plan digest expected. The log is the caller's:
 * a script sends these options to another process, where a log cannot go.
 */
export function cloneOptionsFor(sides: {
  source: SideOptions & { projectUid: string };
  destination: SideOptions;
  mappingFile: string;
  maxRequestsPerSecond: number;
}): Omit<CloneOptions, "log"> {
  return {
    source: sourceOptions(sides.source),
    destination: destinationOptions(sides.destination),
    include: [...ENTITY_TYPES],
    experiences: [],
    onExisting: "update",
    activation: "mirror",
    dryRun: false,
    mappingFile: sides.mappingFile,
    maxRequestsPerSecond: sides.maxRequestsPerSecond,
    expectedPlanDigest: "",
  };
}
