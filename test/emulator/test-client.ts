/**
 * A minimal client for tests of the emulator itself: real HTTP requests
 * with the API's headers, answers read as JSON.
 */

import {
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from "./emulator.ts";

// biome-ignore lint/suspicious/noExplicitAny: answers are arbitrary JSON read by tests
export type Json = any;

export interface Answer {
  status: number;
  body: Json;
  headers: Headers;
}

export interface ClientOptions {
  token?: string;
  /** How the token is sent. Default "authtoken". */
  authType?: "authtoken" | "oauth";
  projectUid?: string;
  organizationUid?: string;
}

export interface SendOptions {
  body?: unknown;
  /** Sent as is, instead of `body` as JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export class ApiClient {
  readonly #url: string;
  readonly #options: ClientOptions;

  constructor(url: string, options: ClientOptions) {
    this.#url = url;
    this.#options = options;
  }

  /** A client like this one, with some options replaced. */
  with(options: ClientOptions): ApiClient {
    return new ApiClient(this.#url, { ...this.#options, ...options });
  }

  get(path: string): Promise<Answer> {
    return this.send("GET", path);
  }

  post(path: string, body: unknown): Promise<Answer> {
    return this.send("POST", path, { body });
  }

  put(path: string, body: unknown): Promise<Answer> {
    return this.send("PUT", path, { body });
  }

  delete(path: string): Promise<Answer> {
    return this.send("DELETE", path);
  }

  async send(
    method: string,
    path: string,
    options: SendOptions = {},
  ): Promise<Answer> {
    const { token, authType, projectUid, organizationUid } = this.#options;
    const headers: Record<string, string> = {};
    if (token && authType === "oauth")
      headers.authorization = `Bearer ${token}`;
    else if (token) headers.authtoken = token;
    if (projectUid) headers["x-project-uid"] = projectUid;
    if (organizationUid) headers.organization_uid = organizationUid;
    let body = options.rawBody;
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    Object.assign(headers, options.headers);

    const response = await fetch(`${this.#url}${path}`, {
      method,
      headers,
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : undefined,
      headers: response.headers,
    };
  }
}

/**
 * Creates an experience and saves `draft` over its first version: how a test
 * makes an experience refer to an attribute, an audience or an event.
 */
export async function addExperienceWithDraft(
  api: ApiClient,
  experience: { name: string; __type: string },
  draft: Json,
): Promise<void> {
  const created = await api.post("/experiences", experience);
  const { uid, latestVersion } = created.body;
  await api.put(`/experiences/${uid}/versions/${latestVersion}`, draft);
}

/** An emulator with one organization, one member and one empty project. */
export interface World {
  emulator: Emulator;
  organizationUid: string;
  token: string;
  projectUid: string;
  /** Authenticated as the member, scoped to the project. */
  api: ApiClient;
  /** Authenticated as the member, scoped to the organization. */
  org: ApiClient;
}

export async function startWorld(
  options: EmulatorOptions = {},
): Promise<World> {
  const emulator = await startEmulator({ rateLimit: 0, ...options });
  const organizationUid = emulator.addOrganization("Acme");
  const token = emulator.addUser({ organizations: [organizationUid] });
  const projectUid = emulator.createProject(organizationUid, {
    name: "Website",
  });
  const member = new ApiClient(emulator.url, { token });
  return {
    emulator,
    organizationUid,
    token,
    projectUid,
    api: member.with({ projectUid }),
    org: member.with({ organizationUid }),
  };
}
