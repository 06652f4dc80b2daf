import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { cloneProject } from "../src/clone/clone-project.ts";
import {
  InputError,
  PersonalizeApiError,
  ResponseShapeError,
} from "../src/personalize/errors.ts";
import { resolveBaseUrl } from "../src/personalize/regions.ts";
import type { Emulator } from "./emulator/index.ts";
import { cappedProject } from "./fixtures/capped-project.ts";
import { cloneOptionsFor } from "./support/clone-options.ts";
import type { ScriptedServer } from "./support/http-script.ts";
import { startScriptedServer } from "./support/http-script.ts";
import {
  FAST_RETRIES,
  recordingLog,
  startTwoRegions,
} from "./support/two-regions.ts";

/** One side as the action's inputs would give it. */
interface Side {
  region: string;
  token: string;
  projectUid: string;
  organizationUid?: string;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function scripted(): Promise<ScriptedServer> {
  const started = await startScriptedServer();
  cleanups.push(() => started.close());
  return started;
}

/**
 * Runs the engine as the action does: each region input becomes a base URL
 * first, then the clone starts. Resolves to what it threw.
 */
async function cloneFailure(source: Side, destination: Side): Promise<Error> {
  const directory = await mkdtemp(join(tmpdir(), "personalize-bad-input-"));
  cleanups.push(() => rm(directory, { recursive: true, force: true }));
  try {
    const options = cloneOptionsFor({
      source: {
        ...source,
        baseUrl: resolveBaseUrl("source-region", source.region),
      },
      destination: {
        ...destination,
        baseUrl: resolveBaseUrl("destination-region", destination.region),
      },
      mappingFile: join(directory, "mapping.json"),
      maxRequestsPerSecond: 100,
    });
    await cloneProject({ ...options, log: recordingLog() }, FAST_RETRIES);
  } catch (error) {
    return error as Error;
  }
  throw new Error("the clone succeeded");
}

/** No token appears in the message, the stack, the JSON or the causes. */
function expectNoToken(error: Error, tokens: string[]): void {
  const said = [
    error.message,
    error.stack ?? "",
    JSON.stringify(error),
    inspect(error, { depth: null }),
  ].join("\n");
  for (const token of tokens) {
    expect(token.length).toBeGreaterThan(8);
    expect(said).not.toContain(token);
  }
}

function writesTo(target: Emulator | ScriptedServer): string[] {
  return target.requests
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.method} ${r.path}`);
}

/** A source region with the small capped project, and an empty destination. */
async function twoRegions() {
  const regions = await startTwoRegions(cappedProject(4), { rateLimit: 0 });
  cleanups.push(() => regions.close());
  const sourceSide: Side = {
    region: regions.source.url,
    token: regions.sourceToken,
    projectUid: regions.sourceProjectUid,
  };
  const destinationSide: Side = {
    region: regions.destination.url,
    token: regions.destinationToken,
    projectUid: regions.destinationProjectUid,
    organizationUid: regions.destinationOrganization,
  };
  const { source, destination } = regions;
  return { source, destination, sourceSide, destinationSide };
}

describe("a source project that does not exist", () => {
  it("fails naming the source, the request and the API's not-found code, before any write", async () => {
    const regions = await twoRegions();
    const missing = "0123456789abcdef01234567";

    const error = await cloneFailure(
      { ...regions.sourceSide, projectUid: missing },
      regions.destinationSide,
    );

    expect(error).toBeInstanceOf(PersonalizeApiError);
    expect(error.message).toMatch(
      /^source API refused GET \/\S+ \(404 personalize\.PROJECTS\.NOT_FOUND\)/,
    );
    expect(error.message).toContain(
      `There is no project "${missing}" on the source API: check ` +
        "source-project-uid and source-region",
    );
    expect(writesTo(regions.destination)).toEqual([]);
    expectNoToken(error, [
      regions.sourceSide.token,
      regions.destinationSide.token,
    ]);
  });
});

describe("a token the API rejects", () => {
  it.each(["source", "destination"] as const)(
    "on the %s fails naming that side's token inputs, before any write",
    async (side) => {
      const regions = await twoRegions();
      const rejected = `${side}-token-nobody-issued-7f3a9c`;
      const sides = {
        source: regions.sourceSide,
        destination: regions.destinationSide,
      };
      sides[side] = { ...sides[side], token: rejected };

      const error = await cloneFailure(sides.source, sides.destination);

      expect(error).toBeInstanceOf(PersonalizeApiError);
      expect(error.message).toMatch(
        new RegExp(
          `^${side} API refused GET /\\S+ \\(401 personalize\\.AUTH\\.UNAUTHORIZED\\)`,
        ),
      );
      expect(error.message).toContain(
        `The ${side} token was rejected: check ${side}-token and ` +
          `${side}-auth-type`,
      );
      expect(writesTo(regions.destination)).toEqual([]);
      expectNoToken(error, [
        rejected,
        regions.sourceSide.token,
        regions.destinationSide.token,
      ]);
    },
  );
});

describe("a token of a user without access", () => {
  it.each(["source", "destination"] as const)(
    "on the %s fails naming the side and the project to check, before any write",
    async (side) => {
      const regions = await twoRegions();
      const region = regions[side];
      const elsewhere = region.addOrganization("Someone else's");
      const outsider = region.addUser({ organizations: [elsewhere] });
      const sides = {
        source: regions.sourceSide,
        destination: regions.destinationSide,
      };
      sides[side] = { ...sides[side], token: outsider };

      const error = await cloneFailure(sides.source, sides.destination);

      expect(error).toBeInstanceOf(PersonalizeApiError);
      const project = sides[side].projectUid;
      expect(error.message).toMatch(
        new RegExp(`^${side} API refused GET /\\S+ \\(403 `),
      );
      expect(error.message).toContain(
        `The ${side} token's user has no access to project "${project}": ` +
          `check that project "${project}" is right and that the user has ` +
          "a role in it.",
      );
      expect(writesTo(regions.destination)).toEqual([]);
      expectNoToken(error, [
        outsider,
        regions.sourceSide.token,
        regions.destinationSide.token,
      ]);
    },
  );
});

/** Sends one plain GET to `url`, as any client would, and waits for it. */
function plainGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${url}/attributes`, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    })
      .on("error", reject)
      .end();
  });
}

describe("an http:// base URL whose host is not loopback", () => {
  it.each(["source", "destination"] as const)(
    "for the %s is refused before any connection is made",
    async (side) => {
      const regions = await twoRegions();
      const target = regions[side];
      // 0.0.0.0 is not a loopback name, yet it reaches this machine: a
      // plain client would connect to the emulator through it.
      const unsafe = target.url.replace("127.0.0.1", "0.0.0.0");
      await plainGet(unsafe);
      expect(target.requests).toHaveLength(1);
      target.clearRequests();
      const sides = {
        source: regions.sourceSide,
        destination: regions.destinationSide,
      };
      sides[side] = { ...sides[side], region: unsafe };

      const error = await cloneFailure(sides.source, sides.destination);

      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe(`${side}-region`);
      expect(error.message).toBe(
        `Input "${side}-region" is "${unsafe}": use one of na, eu, au, ` +
          "azure-na, azure-eu, gcp-na, gcp-eu, or an https:// base URL " +
          "(http:// only for a loopback host).",
      );
      expect(regions.source.requests).toEqual([]);
      expect(regions.destination.requests).toEqual([]);
      expectNoToken(error, [
        regions.sourceSide.token,
        regions.destinationSide.token,
      ]);
    },
  );
});

const EXPERIENCE = {
  uid: "x1",
  shortUid: "a",
  name: "Hero",
  __type: "SEGMENTED",
  status: "ACTIVE",
  latestVersion: "v1",
};
const VERSION = {
  uid: "v1",
  status: "ACTIVE",
  variants: [
    {
      __type: "SegmentedVariant",
      name: "Everyone",
      audiences: [],
      audienceCombinationType: "AND",
    },
  ],
};

/** A well-formed project of one experience, as its lists answer. */
const WELL_FORMED: Record<string, unknown> = {
  "/attributes": [{ uid: "a1", key: "plan", name: "Plan", __type: "CUSTOM" }],
  "/audiences": [],
  "/events": [],
  "/experiences": [EXPERIENCE],
  "/experiences/x1/versions": [VERSION],
  "/experiences-priority": { priorityOrder: ["x1"] },
};

const MALFORMED: {
  what: string;
  path: string;
  reply: { body?: unknown; rawBody?: string };
  problem: string;
}[] = [
  {
    what: "a list wrapped in an envelope",
    path: "/attributes",
    reply: { body: { data: [] } },
    problem: "expected array, received object",
  },
  {
    what: "an experience of an unknown type",
    path: "/experiences",
    reply: { body: [{ ...EXPERIENCE, __type: "MULTI_ARMED" }] },
    problem: '[0].__type: expected "SEGMENTED" | "AB_TEST"',
  },
  {
    what: "a version whose variant has no name",
    path: "/experiences/x1/versions",
    reply: {
      body: [
        {
          ...VERSION,
          variants: [{ ...VERSION.variants[0], name: undefined }],
        },
      ],
    },
    problem: "[0].variants[0].name: expected string, received undefined",
  },
  {
    what: "a priority without its order",
    path: "/experiences-priority",
    reply: { body: { order: ["x1"] } },
    problem: "priorityOrder: expected array, received undefined",
  },
  {
    what: "an HTML page instead of JSON",
    path: "/audiences",
    reply: { rawBody: "<html><body>Maintenance</body></html>" },
    problem: "the body is not JSON",
  },
];

/** Answers the well-formed project, except `path`, which gets `reply`. */
function scriptProject(
  server: ScriptedServer,
  path: string,
  reply: { body?: unknown; rawBody?: string },
): void {
  server.respondWith((request) => {
    if (request.path === path) return reply;
    const body = WELL_FORMED[request.path];
    return body === undefined
      ? { status: 404, body: { message: "not scripted" } }
      : { body };
  });
}

describe("a 200 answer of the wrong shape", () => {
  it.each(MALFORMED)(
    "from the source ($what) names the side, the endpoint and the field, before any write",
    async ({ path, reply, problem }) => {
      const source = await scripted();
      scriptProject(source, path, reply);
      const { destination, destinationSide } = await twoRegions();
      const sourceToken = "source-token-for-a-scripted-api-91c2";

      const error = await cloneFailure(
        { region: source.url, token: sourceToken, projectUid: "p1" },
        destinationSide,
      );

      expect(error).toBeInstanceOf(ResponseShapeError);
      expect(error.message).toBe(
        `source API answered GET ${path} with an unexpected shape: ${problem}`,
      );
      expect(writesTo(destination)).toEqual([]);
      expectNoToken(error, [sourceToken, destinationSide.token]);
    },
  );

  it("from the destination names the destination, and nothing is written", async () => {
    const { sourceSide } = await twoRegions();
    const destination = await scripted();
    scriptProject(destination, "/events", { body: [{ key: "checkout" }] });
    const destinationToken = "destination-token-for-a-scripted-api-4b7e";

    const error = await cloneFailure(sourceSide, {
      region: destination.url,
      token: destinationToken,
      projectUid: "p2",
    });

    expect(error).toBeInstanceOf(ResponseShapeError);
    expect(error.message).toBe(
      "destination API answered GET /events with an unexpected shape: " +
        "[0].uid: expected string, received undefined",
    );
    expect(writesTo(destination)).toEqual([]);
    expectNoToken(error, [sourceSide.token, destinationToken]);
  });
});
