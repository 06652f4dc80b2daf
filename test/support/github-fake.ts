/**
 * A stand-in for the GitHub REST API on loopback, with only the issue
 * comment routes the action uses. Point `GITHUB_API_URL` (or the client's
 * base URL) at `url`; every request is recorded.
 */

import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeComment {
  id: number;
  body: string;
  html_url: string;
  user: { login: string; type: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string;
  body: unknown;
}

export interface GitHubFake {
  url: string;
  /** Comments per `owner/repo#number`. */
  comments: Map<string, FakeComment[]>;
  requests: RecordedRequest[];
  /** When set, every request is answered with this status and message. */
  refuseWith: { status: number; message: string } | undefined;
  close(): Promise<void>;
}

const LIST = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/;
const UPDATE = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/;

export async function startGitHubFake(): Promise<GitHubFake> {
  let nextId = 1;
  const fake: GitHubFake = {
    url: "",
    comments: new Map(),
    requests: [],
    refuseWith: undefined,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server = createServer(async (request, response) => {
    const body = await readJson(request);
    const path = new URL(request.url ?? "/", "http://fake").pathname;
    fake.requests.push({
      method: request.method ?? "",
      path,
      authorization: request.headers.authorization ?? "",
      body,
    });

    if (fake.refuseWith !== undefined) {
      const { status, message } = fake.refuseWith;
      return send(response, status, { message });
    }

    const list = LIST.exec(path);
    if (list !== null) {
      const [, owner, repo, number] = list;
      const key = `${owner}/${repo}#${number}`;
      const comments = fake.comments.get(key) ?? [];
      if (request.method === "GET") {
        return send(response, 200, comments);
      }
      if (request.method === "POST") {
        const id = nextId++;
        const comment: FakeComment = {
          id,
          body: String((body as { body?: unknown }).body ?? ""),
          html_url: `https://github.test/${owner}/${repo}/pull/${number}#issuecomment-${id}`,
          user: { login: "github-actions[bot]", type: "Bot" },
        };
        fake.comments.set(key, [...comments, comment]);
        return send(response, 201, comment);
      }
    }

    const update = UPDATE.exec(path);
    if (update !== null && request.method === "PATCH") {
      const id = Number(update[3]);
      for (const comments of fake.comments.values()) {
        const comment = comments.find((found) => found.id === id);
        if (comment !== undefined) {
          comment.body = String((body as { body?: unknown }).body ?? "");
          return send(response, 200, comment);
        }
      }
    }

    send(response, 404, { message: "Not Found" });
  });

  await new Promise<void>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  return fake;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? {} : JSON.parse(text);
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
