import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { InputError } from "../src/personalize/errors.ts";
import { resolveBaseUrl } from "../src/personalize/regions.ts";
import {
  type ScriptedServer,
  startScriptedServer,
} from "./support/http-script.ts";

describe("resolveBaseUrl", () => {
  it.each([
    ["na", "https://personalize-api.contentstack.com"],
    ["eu", "https://eu-personalize-api.contentstack.com"],
    ["au", "https://au-personalize-api.contentstack.com"],
    ["azure-na", "https://azure-na-personalize-api.contentstack.com"],
    ["azure-eu", "https://azure-eu-personalize-api.contentstack.com"],
    ["gcp-na", "https://gcp-na-personalize-api.contentstack.com"],
    ["gcp-eu", "https://gcp-eu-personalize-api.contentstack.com"],
  ])("maps region %s to %s", (code, url) => {
    expect(resolveBaseUrl("source-region", code)).toBe(url);
  });

  it("reads region codes in any case, ignoring surrounding spaces", () => {
    expect(resolveBaseUrl("source-region", "  Azure-EU \n")).toBe(
      "https://azure-eu-personalize-api.contentstack.com",
    );
  });

  it("accepts any https:// URL and drops trailing slashes", () => {
    expect(resolveBaseUrl("source-region", "https://example.com/api//")).toBe(
      "https://example.com/api",
    );
    expect(resolveBaseUrl("source-region", "https://example.com/")).toBe(
      "https://example.com",
    );
  });

  it.each([
    "http://127.0.0.1:8080",
    "http://127.4.5.6",
    "http://localhost:3000/",
    "http://[::1]:9000",
  ])("accepts http:// for the loopback host in %s", (url) => {
    expect(resolveBaseUrl("source-region", url)).toBe(url.replace(/\/$/, ""));
  });

  it("explains what is allowed when the region is unknown", () => {
    expect(() => resolveBaseUrl("source-region", "mars")).toThrow(
      'Input "source-region" is "mars": use one of na, eu, au, azure-na, azure-eu, gcp-na, gcp-eu, or an https:// base URL (http:// only for a loopback host).',
    );
  });

  it.each([
    "http://example.com",
    "http://128.0.0.1",
    "ftp://127.0.0.1",
    "https://example.com?x=1",
    "",
  ])("refuses %j with an InputError naming the input", (value) => {
    const error = catchError(() => resolveBaseUrl("destination-region", value));

    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe("destination-region");
    expect((error as Error).message).toContain(
      `Input "destination-region" is "${value}"`,
    );
  });

  it("does not quote a password given in the URL", () => {
    const error = catchError(() =>
      resolveBaseUrl("source-region", "http://user:hunter2@example.com"),
    );

    expect((error as Error).message).not.toContain("hunter2");
    expect((error as Error).message).toContain('"http://***@example.com/"');
  });
});

describe("resolveBaseUrl before any connection", () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await startScriptedServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it("refuses a plain-http host that is not loopback without a request", () => {
    const listening = new URL(server.url);
    const disguised = `http://localhost.example.com:${listening.port}`;

    expect(() => resolveBaseUrl("source-region", disguised)).toThrow(
      InputError,
    );
    expect(server.requests).toHaveLength(0);
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
