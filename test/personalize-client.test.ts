import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";

import type { PersonalizeClientOptions } from "../src/personalize/client.ts";
import {
  AmbiguousWriteError,
  NetworkError,
  PersonalizeApiError,
  ResponseShapeError,
} from "../src/personalize/errors.ts";
import {
  type ScriptedServer,
  startScriptedServer,
  unusedLoopbackUrl,
} from "./support/http-script.ts";
import { openClient } from "./support/open-client.ts";

const TOKEN = "blt-secret-token-7f3a9c";
const ANY = z.unknown();

let server: ScriptedServer;

beforeEach(async () => {
  server = await startScriptedServer();
});

afterEach(async () => {
  await server.close();
});

/** A client for the scripted server with fast retries and captured logs. */
function connect(options: Partial<PersonalizeClientOptions> = {}) {
  const info: string[] = [];
  const debug: string[] = [];
  const client = openClient({
    baseUrl: server.url,
    token: TOKEN,
    retryBaseMs: 5,
    retryMaxMs: 20,
    log: { info: (m) => info.push(m), debug: (m) => debug.push(m) },
    ...options,
  });
  return { client, info, debug };
}

describe("PersonalizeClient headers", () => {
  it("sends an authtoken header, accept and x-project-uid on a GET", async () => {
    const { client } = connect();
    server.enqueue({ body: [] });

    await client.request({
      method: "GET",
      path: "/attributes",
      projectUid: "proj-1",
      schema: ANY,
    });

    const [seen] = server.requests;
    expect(seen?.method).toBe("GET");
    expect(seen?.path).toBe("/attributes");
    expect(seen?.headers.authtoken).toBe(TOKEN);
    expect(seen?.headers.authorization).toBeUndefined();
    expect(seen?.headers.accept).toBe("application/json");
    expect(seen?.headers["x-project-uid"]).toBe("proj-1");
    expect(seen?.headers["content-type"]).toBeUndefined();
  });

  it("sends a Bearer token, organization_uid and a JSON body for oauth", async () => {
    const { client } = connect({ authType: "oauth" });
    server.enqueue({ status: 201, body: { uid: "p1", name: "Clone" } });

    await client.request({
      method: "POST",
      path: "/projects",
      organizationUid: "org-9",
      body: { name: "Clone" },
      schema: ANY,
    });

    const [seen] = server.requests;
    expect(seen?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen?.headers.authtoken).toBeUndefined();
    expect(seen?.headers.organization_uid).toBe("org-9");
    expect(seen?.headers["x-project-uid"]).toBeUndefined();
    expect(seen?.headers["content-type"]).toBe("application/json");
    expect(seen?.body).toEqual({ name: "Clone" });
  });

  it("appends the query string to the path", async () => {
    const { client } = connect();
    server.enqueue({ body: [] });

    await client.request({
      method: "GET",
      path: "/projects",
      query: { connectedStackApiKey: "blt1" },
      schema: ANY,
    });

    expect(server.requests[0]?.query.get("connectedStackApiKey")).toBe("blt1");
  });

  it("parses a 204 as undefined", async () => {
    const { client } = connect();
    server.enqueue({ status: 204 });

    const result = await client.request({
      method: "DELETE",
      path: "/experiences/e1",
      projectUid: "p",
      schema: z.undefined(),
    });

    expect(result).toBeUndefined();
  });
});

describe("PersonalizeClient retries", () => {
  it("retries a 429 after the seconds Retry-After asks for", async () => {
    const { client, info } = connect({ retryBaseMs: 60_000 });
    server.enqueue({ status: 429, headers: { "retry-after": "0.15" } });
    server.enqueue({ body: ["ok"] });

    const result = await client.request({
      method: "GET",
      path: "/experiences",
      schema: z.array(z.string()),
    });

    expect(result).toEqual(["ok"]);
    expect(info).toEqual([
      "attempt 1 of 5 for GET /experiences failed (429 rate limited); retrying in 150 ms",
    ]);
    const [first, second] = server.requests;
    expect((second?.arrivedAt ?? 0) - (first?.arrivedAt ?? 0)).toBeGreaterThan(
      140,
    );
  });

  it("retries a 429 at the HTTP date Retry-After names", async () => {
    const { client, info } = connect({ retryBaseMs: 60_000 });
    const past = new Date(Date.now() - 5000).toUTCString();
    server.enqueue({ status: 429, headers: { "retry-after": past } });
    server.enqueue({ body: [] });

    await client.request({ method: "GET", path: "/events", schema: ANY });

    expect(info).toEqual([
      "attempt 1 of 5 for GET /events failed (429 rate limited); retrying in 0 ms",
    ]);
  });

  it("backs off exponentially with jitter when a 429 has no Retry-After", async () => {
    const { client, info } = connect({ retryBaseMs: 5, retryMaxMs: 15 });
    server.enqueue({ status: 429 }, { status: 429 }, { status: 429 });
    server.enqueue({ body: [] });

    await client.request({ method: "GET", path: "/audiences", schema: ANY });

    const delays = info.map((line) => {
      const match =
        /^attempt (\d) of 5 for GET \/audiences failed \(429 rate limited\); retrying in (\d+) ms$/.exec(
          line,
        );
      expect(match, line).not.toBeNull();
      return Number(match?.[2]);
    });
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeLessThanOrEqual(5);
    expect(delays[1]).toBeLessThanOrEqual(10);
    expect(delays[2]).toBeLessThanOrEqual(15);
  });

  it("retries a POST answered 429, since a 429 is never applied", async () => {
    const { client } = connect();
    server.enqueue({ status: 429 }, { status: 201, body: { uid: "a1" } });

    const created = await client.request({
      method: "POST",
      path: "/attributes",
      body: { key: "age" },
      schema: z.object({ uid: z.string() }),
    });

    expect(created.uid).toBe("a1");
    expect(server.requests.map((r) => r.method)).toEqual(["POST", "POST"]);
  });

  it("gives up with a 429 PersonalizeApiError after maxAttempts", async () => {
    const { client } = connect({ maxAttempts: 3 });
    server.respondWith(() => ({ status: 429 }));

    const error = await client
      .request({ method: "GET", path: "/events", schema: ANY })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PersonalizeApiError);
    expect((error as PersonalizeApiError).status).toBe(429);
    expect(server.requests).toHaveLength(3);
  });

  it("retries a GET answered 500", async () => {
    const { client, info } = connect();
    server.enqueue({ status: 500 }, { body: [{ uid: "x" }] });

    const result = await client.request({
      method: "GET",
      path: "/events",
      schema: ANY,
    });

    expect(result).toEqual([{ uid: "x" }]);
    expect(info[0]).toMatch(
      /^attempt 1 of 5 for GET \/events failed \(500 Internal Server Error\); retrying in \d+ ms$/,
    );
  });

  it("retries a GET whose connection dropped", async () => {
    const { client, info } = connect();
    server.enqueue({ destroy: true }, { body: [] });

    await client.request({ method: "GET", path: "/events", schema: ANY });

    expect(server.requests).toHaveLength(2);
    expect(info[0]).toContain("(connection dropped)");
  });

  it("retries a DELETE answered 503", async () => {
    const { client } = connect();
    server.enqueue({ status: 503 }, { status: 204 });

    await client.request({
      method: "DELETE",
      path: "/events/e1",
      schema: z.undefined(),
    });

    expect(server.requests).toHaveLength(2);
  });

  it("reports the last 5xx of a GET once attempts run out", async () => {
    const { client } = connect({ maxAttempts: 2 });
    server.respondWith(() => ({ status: 502 }));

    const error = await client
      .request({ method: "GET", path: "/events", schema: ANY })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PersonalizeApiError);
    expect(error).not.toBeInstanceOf(AmbiguousWriteError);
    expect((error as PersonalizeApiError).status).toBe(502);
    expect(server.requests).toHaveLength(2);
  });
});

describe("PersonalizeClient writes whose outcome is unknown", () => {
  it("does not repeat a POST answered 502", async () => {
    const { client, info } = connect();
    server.respondWith(() => ({ status: 502 }));

    const error = await client
      .request({
        method: "POST",
        path: "/audiences",
        body: { name: "Tall US" },
        schema: ANY,
        entity: 'audience "Tall US"',
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AmbiguousWriteError);
    expect((error as AmbiguousWriteError).status).toBe(502);
    expect((error as Error).message).toBe(
      'source API left POST /audiences for audience "Tall US" unconfirmed (502 Bad Gateway): the write may or may not have been applied; re-read the source project before trying again.',
    );
    expect(server.requests).toHaveLength(1);
    expect(info).toEqual([]);
  });

  it("does not repeat a PUT whose connection dropped after sending", async () => {
    const { client } = connect();
    server.respondWith(() => ({ destroy: true }));

    const error = await client
      .request({
        method: "PUT",
        path: "/events/e1",
        body: { key: "checkout" },
        schema: ANY,
      })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AmbiguousWriteError);
    expect((error as AmbiguousWriteError).status).toBe(0);
    expect((error as Error).message).toContain("connection dropped");
    expect(server.requests).toHaveLength(1);
  });

  it("does not repeat a POST that timed out", async () => {
    const { client } = connect({ timeoutMs: 100 });
    server.respondWith(() => ({ delayMs: 2000, body: {} }));

    const error = await client
      .request({ method: "POST", path: "/events", body: {}, schema: ANY })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AmbiguousWriteError);
    expect((error as Error).message).toContain("no answer within 100 ms");
    expect(server.requests).toHaveLength(1);
  });

  it("retries a POST whose connection was refused before sending", async () => {
    const url = await unusedLoopbackUrl();
    const { client, info } = connect({ baseUrl: url, maxAttempts: 3 });

    const error = await client
      .request({ method: "POST", path: "/events", body: {}, schema: ANY })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).host).toBe(new URL(url).host);
    expect((error as Error).message).toContain("after 3 attempts");
    expect(info).toHaveLength(2);
    expect(info[0]).toMatch(
      /^attempt 1 of 3 for POST \/events failed \(connection refused\); retrying in \d+ ms$/,
    );
  });
});

describe("PersonalizeClient timeouts and logs", () => {
  it("times out a slow GET and retries it", async () => {
    const { client, info } = connect({ timeoutMs: 100 });
    server.enqueue({ delayMs: 2000, body: ["late"] }, { body: ["fresh"] });

    const result = await client.request({
      method: "GET",
      path: "/experiences",
      schema: ANY,
    });

    expect(result).toEqual(["fresh"]);
    expect(info[0]).toContain("(no answer within 100 ms)");
  });

  it("fails with a NetworkError when every GET times out", async () => {
    const { client } = connect({ timeoutMs: 50, maxAttempts: 2 });
    server.respondWith(() => ({ delayMs: 2000, body: [] }));

    const error = await client
      .request({ method: "GET", path: "/experiences", schema: ANY })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect(server.requests).toHaveLength(2);
  });

  it("logs method, path, status and duration at debug, nothing more", async () => {
    const { client, debug } = connect();
    server.enqueue({ status: 201, body: { secret: "response-body" } });

    await client.request({
      method: "POST",
      path: "/events",
      projectUid: "proj-1",
      body: { key: "request-body" },
      schema: ANY,
    });

    expect(debug).toHaveLength(1);
    expect(debug[0]).toMatch(/^POST \/events answered 201 in \d+ ms$/);
  });

  it("refuses a 2xx body that is not JSON", async () => {
    const { client } = connect();
    server.enqueue({ rawBody: "<html>maintenance</html>" });

    const error = await client
      .request({ method: "GET", path: "/events", schema: ANY })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResponseShapeError);
    expect((error as Error).message).toBe(
      "source API answered GET /events with an unexpected shape: the body is not JSON",
    );
  });
});
