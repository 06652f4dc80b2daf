/**
 * Starts the emulator: an HTTP server on 127.0.0.1 (port 0) answering like
 * the Personalize Management API, plus direct access to its store for
 * arranging and inspecting tests.
 */

import type { AddressInfo } from "node:net";
import { FaultInjector, type Faults } from "./faults.ts";
import type { ProjectSnapshot } from "./model.ts";
import { parseProjectBody } from "./projects.ts";
import { RateLimiter } from "./rate-limit.ts";
import { seedProject } from "./seed.ts";
import type { ProjectSeed, SeedResult } from "./seed-types.ts";
import { createEmulatorServer, type RequestRecord } from "./server.ts";
import { snapshotProject } from "./snapshot.ts";
import { type AuthType, Store } from "./store.ts";

export interface EmulatorOptions {
  /** Requests a second per organization, reads and writes together; 0 disables. Default 10 (documented). */
  rateLimit?: number;
  /** Added before every response (ms). Default 0. */
  latencyMs?: number;
  /** Per-project caps on CUSTOM attributes, audiences, events, experiences. Default 100 each (documented). */
  maxEntitiesPerProject?: number;
  /** Projects per organization. Default 3 (documented). */
  maxProjectsPerOrganization?: number;
  /** Seed of the PRNG used by probabilistic faults. Default 1. */
  randomSeed?: number;
  /** Clock (ms) for arrival times and the rate limit. Default performance.now. */
  clock?: () => number;
}

export interface Emulator {
  /** "http://127.0.0.1:<port>". */
  readonly url: string;
  /** Returns the new organization's uid ("blt" and 16 hex). */
  addOrganization(name?: string): string;
  /** Registers a user of these organizations; returns their token. */
  addUser(options: {
    organizations: string[];
    authType?: AuthType;
    name?: string;
  }): string;
  /** Creates a project with its preset attributes, without a request. */
  createProject(
    organizationUid: string,
    project: {
      name: string;
      description?: string;
      connectedStackApiKey?: string;
    },
  ): string;
  /** Builds a whole project from a seed; throws on a seed the API could not hold. */
  seedProject(organizationUid: string, seed: ProjectSeed): SeedResult;
  /** A deep copy of everything a project holds, as the API would return it. */
  snapshot(projectUid: string): ProjectSnapshot;
  /** Every request received, in arrival order. */
  readonly requests: readonly RequestRecord[];
  clearRequests(): void;
  readonly faults: Faults;
  close(): Promise<void>;
}

/** Documented defaults: 10 requests/s per organization, 100 entities, 3 projects. */
const DEFAULT_RATE_LIMIT = 10;
const DEFAULT_MAX_ENTITIES = 100;
const DEFAULT_MAX_PROJECTS = 3;

export async function startEmulator(
  options: EmulatorOptions = {},
): Promise<Emulator> {
  const store = new Store({
    maxEntitiesPerProject:
      options.maxEntitiesPerProject ?? DEFAULT_MAX_ENTITIES,
    maxProjectsPerOrganization:
      options.maxProjectsPerOrganization ?? DEFAULT_MAX_PROJECTS,
  });
  const faults = new FaultInjector(options.randomSeed ?? 1);
  const requests: RequestRecord[] = [];
  const server = createEmulatorServer({
    store,
    faults,
    rateLimiter: new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT),
    latencyMs: options.latencyMs ?? 0,
    clock: options.clock ?? (() => performance.now()),
    requests,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    addOrganization: (name) => store.addOrganization(name).uid,
    addUser: (user) => store.addUser(user).token,
    createProject(organizationUid, project) {
      const fields = parseProjectBody(project);
      return store.createProject(organizationUid, fields, store.systemUser)
        .project.uid;
    },
    seedProject: (organizationUid, seed) =>
      seedProject(store, organizationUid, seed),
    snapshot(projectUid) {
      const state = store.projects.get(projectUid);
      if (!state) throw new Error(`No project "${projectUid}"`);
      return snapshotProject(state);
    },
    get requests() {
      return requests;
    },
    clearRequests() {
      requests.length = 0;
    },
    faults,
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
