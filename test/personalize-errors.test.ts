import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";

import { ProjectApi } from "../src/personalize/api.ts";
import type { PersonalizeClient } from "../src/personalize/client.ts";
import { parseErrorBody } from "../src/personalize/error-body.ts";
import {
  AmbiguousWriteError,
  NetworkError,
  PersonalizeApiError,
  ResponseShapeError,
  type Side,
} from "../src/personalize/errors.ts";
import {
  type ScriptedServer,
  startScriptedServer,
  unusedLoopbackUrl,
} from "./support/http-script.ts";
import { openClient } from "./support/open-client.ts";

const TOKEN = "cs-oauth-token-1b2c3d4e";

let server: ScriptedServer;

beforeEach(async () => {
  server = await startScriptedServer();
});

afterEach(async () => {
  await server.close();
});

function connect(side: Side, baseUrl = server.url): PersonalizeClient {
  return openClient({
    side,
    baseUrl,
    token: TOKEN,
    authType: "oauth",
    maxAttempts: 2,
    retryBaseMs: 5,
    timeoutMs: 100,
  });
}

/** Everything an error could print: text, stack, JSON, inspect, causes. */
function everythingPrintable(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth += 1) {
    parts.push(String(current), JSON.stringify(current) ?? "");
    parts.push(inspect(current, { depth: 10, showHidden: true }));
    if (current instanceof Error) {
      parts.push(current.stack ?? "");
    }
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join("\n");
}

describe("PersonalizeApiError", () => {
  it("names side, endpoint, status, code, entity and the API's field messages", async () => {
    const api = new ProjectApi(connect("destination"), "proj-1");
    server.enqueue({
      status: 400,
      body: {
        message: "personalize.AUDIENCES.INVALID_ATTRIBUTE_REFERENCE",
        errors: {
          "definition.rules[0].attribute.ref": "attribute a1 does not exist",
        },
      },
    });

    const error = await api
      .createAudience({
        name: "Tall US",
        definition: {
          __type: "RuleCombination",
          combinationType: "AND",
          rules: [],
        },
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PersonalizeApiError);
    expect(error).toMatchObject({
      status: 400,
      code: "personalize.AUDIENCES.INVALID_ATTRIBUTE_REFERENCE",
      endpoint: "POST /audiences",
      side: "destination",
      entity: 'audience "Tall US"',
    });
    expect((error as Error).message).toBe(
      'destination API refused POST /audiences (400 personalize.AUDIENCES.INVALID_ATTRIBUTE_REFERENCE) for audience "Tall US": definition.rules[0].attribute.ref: attribute a1 does not exist',
    );
  });

  it("says which token to check on a 401", async () => {
    const client = connect("source");
    server.enqueue({ status: 401, body: { error: "Unauthorized" } });

    const error = await client
      .request({ method: "GET", path: "/attributes", schema: z.unknown() })
      .catch((e: unknown) => e);

    expect((error as Error).message).toBe(
      "source API refused GET /attributes (401 Unauthorized). The source token was rejected: check source-token and source-auth-type (management tokens are not accepted).",
    );
  });

  it("says the user has no access to the project on a 403", async () => {
    const api = new ProjectApi(connect("destination"), "proj-7");
    server.enqueue({ status: 403, body: { message: "Forbidden" } });

    const error = await api.listEvents().catch((e: unknown) => e);

    expect((error as Error).message).toContain(
      `The destination token's user has no access to project "proj-7"`,
    );
    expect((error as PersonalizeApiError).status).toBe(403);
  });

  it("says the API failed when a read keeps getting server errors", async () => {
    const client = connect("source");
    server.respondWith(() => ({
      status: 503,
      body: { message: "Service is under maintenance." },
    }));

    const error = await client
      .request({ method: "GET", path: "/events", schema: z.unknown() })
      .catch((e: unknown) => e);

    expect((error as Error).message).toBe(
      "source API failed on GET /events (503 Service Unavailable): Service is under maintenance. The API failed on every attempt: try again later.",
    );
    expect(server.requests).toHaveLength(2);
  });

  it("does not repeat a status text the API sends as its message", async () => {
    const client = connect("source");
    server.respondWith(() => ({
      status: 502,
      body: { message: "Bad Gateway" },
    }));

    const error = await client
      .request({ method: "GET", path: "/events", schema: z.unknown() })
      .catch((e: unknown) => e);

    expect((error as Error).message).toBe(
      "source API failed on GET /events (502 Bad Gateway). The API failed on every attempt: try again later.",
    );
  });

  it("says which project input to check when the project is not found", async () => {
    const client = connect("destination");
    server.respondWith(() => ({ status: 404, body: {} }));

    const error = await client
      .request({
        method: "GET",
        path: "/attributes",
        projectUid: "0123456789abcdef01234567",
        schema: z.unknown(),
      })
      .catch((e: unknown) => e);

    expect((error as Error).message).toBe(
      'destination API refused GET /attributes (404 Not Found). There is no project "0123456789abcdef01234567" on the destination API: check destination-project-uid and destination-region (a project lives in one region).',
    );
  });
});

describe("no error ever carries the token", () => {
  it("holds for a refusal whose body echoes the token", async () => {
    const client = connect("source");
    server.enqueue({
      status: 401,
      body: { message: `token ${TOKEN} is not valid`, errors: [TOKEN] },
    });

    const error = await client
      .request({ method: "GET", path: "/events", schema: z.unknown() })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PersonalizeApiError);
    expect(everythingPrintable(error)).not.toContain(TOKEN);
  });

  it("holds for a write of unknown outcome", async () => {
    const client = connect("destination");
    server.enqueue({ destroy: true });

    const error = await client
      .request({
        method: "PUT",
        path: "/events/e",
        body: {},
        schema: z.unknown(),
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AmbiguousWriteError);
    expect(everythingPrintable(error)).not.toContain(TOKEN);
  });

  it("holds for an unreachable host", async () => {
    const client = connect("source", await unusedLoopbackUrl());

    const error = await client
      .request({ method: "GET", path: "/events", schema: z.unknown() })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect(everythingPrintable(error)).not.toContain(TOKEN);
  });

  it("holds for a timeout", async () => {
    const client = connect("source");
    server.respondWith(() => ({ delayMs: 1000, body: [] }));

    const error = await client
      .request({ method: "GET", path: "/events", schema: z.unknown() })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect(everythingPrintable(error)).not.toContain(TOKEN);
  });
});

describe("ResponseShapeError", () => {
  it("names the endpoint and the field path of the mismatch", async () => {
    const api = new ProjectApi(connect("source"), "proj-1");
    const experience = (uid: string, type: string) => ({
      uid,
      shortUid: uid,
      name: `Experience ${uid}`,
      __type: type,
      status: "ACTIVE",
      latestVersion: "v",
    });
    server.enqueue({
      body: [
        experience("0", "SEGMENTED"),
        experience("1", "AB_TEST"),
        experience("2", "SEGMENTED"),
        experience("3", "SEGMENTATION"),
      ],
    });

    const error = await api.listExperiences().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as ResponseShapeError).fieldPath).toBe("[3].__type");
    expect((error as Error).message).toBe(
      'source API answered GET /experiences with an unexpected shape: [3].__type: expected "SEGMENTED" | "AB_TEST"',
    );
  });

  it("names nested paths and the variant kinds expected", async () => {
    const api = new ProjectApi(connect("source"), "proj-1");
    server.enqueue({
      body: [
        { uid: "v1", status: "DRAFT", variants: [{ __type: "Mystery" }] },
        { uid: "v2", status: "ACTIVE" },
      ],
    });

    const error = await api.listVersions("e1").catch((e: unknown) => e);

    expect((error as Error).message).toBe(
      'source API answered GET /experiences/e1/versions with an unexpected shape: [0].variants[0].__type: expected "SegmentedVariant" | "ABTestVariant"; [1].variants: expected array, received undefined',
    );
  });
});

describe("parseErrorBody", () => {
  it.each([
    [
      '{"message":"personalize.PROJECTS.DUPLICATE_NAME"}',
      { code: "personalize.PROJECTS.DUPLICATE_NAME" },
    ],
    [
      '{"error_message":"Project limit reached","error_code":"personalization.PROJECTS.LIMIT"}',
      {
        code: "personalization.PROJECTS.LIMIT",
        detail: "Project limit reached",
      },
    ],
    [
      '{"errors":{"name":["is required","is too short"],"variants":{"0":{"message":"EMPTY_ARRAY"}}}}',
      {
        detail:
          "name: is required; name: is too short; variants.0: EMPTY_ARRAY",
      },
    ],
    ['"personalize.X.Y"', { code: "personalize.X.Y" }],
    [
      "Cannot GET /experiences/e/versions/v",
      {
        detail: "Cannot GET /experiences/e/versions/v",
      },
    ],
    ["<html><body>502 Bad Gateway</body></html>", {}],
    ["", {}],
  ])("reads %s", (text, expected) => {
    expect(parseErrorBody(text)).toEqual(expected);
  });
});
