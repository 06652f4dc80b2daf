/**
 * The clone engine's contract with the action surface: what it is asked to
 * do, the plan it computes, and what it reports back.
 */

/** The four kinds of entity a Personalize project holds that we clone. */
export type EntityType = "attributes" | "audiences" | "events" | "experiences";

export const ENTITY_TYPES: readonly EntityType[] = [
  "attributes",
  "audiences",
  "events",
  "experiences",
];

/** What to do with a destination entity that matches a source entity. */
export type OnExisting = "update" | "skip" | "fail";

/** Whether destination versions take the source statuses. */
export type Activation = "mirror" | "none";

export type AuthType = "authtoken" | "oauth";

/** One side's connection: where its API is and how to authenticate. */
export interface Connection {
  /** Base URL of the Personalize Management API, no trailing slash. */
  baseUrl: string;
  /** What the user wrote: a region code or the URL itself, for messages. */
  region: string;
  token: string;
  authType: AuthType;
}

export interface SourceOptions extends Connection {
  projectUid: string;
}

export interface DestinationOptions extends Connection {
  /** Empty when the project is found or created by name. */
  projectUid: string;
  organizationUid: string;
  projectName: string;
  stackApiKey: string;
}

/** Where the engine narrates what it does, in the user's words. */
export interface CloneLog {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  /** Runs `fn` inside a collapsible group named `name`. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface CloneOptions {
  source: SourceOptions;
  destination: DestinationOptions;
  include: EntityType[];
  /** Names or globs of experiences; empty means every experience. */
  experiences: string[];
  onExisting: OnExisting;
  activation: Activation;
  dryRun: boolean;
  mappingFile: string;
  maxRequestsPerSecond: number;
  /** When not empty, refuse to write unless the plan hashes to this. */
  expectedPlanDigest: string;
  log: CloneLog;
}

export type PlanAction = "create" | "update" | "unchanged" | "skip";

/** One decision of the plan, about one source entity. */
export interface PlanEntry {
  type: EntityType;
  sourceUid: string;
  /** The entity's name, or key for attributes and events. */
  label: string;
  action: PlanAction;
  /** Destination uid when the entity already exists there. */
  destinationUid?: string;
  /** Why it is skipped, or which fields an update changes. */
  reason?: string;
  /** References dropped from the copy, each said in the user's words. */
  droppedReferences?: string[];
}

/** The destination project as the plan found it. */
export interface PlanProject {
  /** Empty when the project will be created. */
  uid: string;
  name: string;
  action: "use" | "create";
}

export interface PriorityPlan {
  action: "update" | "unchanged" | "skip";
  /** Labels of the experiences in the order the destination will have. */
  order: string[];
}

/** Plain data: printed, hashed and compared, never executed directly. */
export interface Plan {
  source: { region: string; projectUid: string };
  destination: { region: string; project: PlanProject };
  settings: {
    include: EntityType[];
    experiences: string[];
    onExisting: OnExisting;
    activation: Activation;
  };
  entries: PlanEntry[];
  priority: PriorityPlan;
}

export interface ActionCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface VerifyResult {
  identical: boolean;
  /** One line a difference, naming the entity. */
  differences: string[];
}

export interface CloneResult {
  plan: Plan;
  planDigest: string;
  destinationProjectUid: string;
  counts: ActionCounts;
  /** Absent on dry runs. */
  verify?: VerifyResult;
  mappingFile: string;
  dryRun: boolean;
}
