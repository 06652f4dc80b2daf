/**
 * A real `node:http` server on 127.0.0.1 (port 0) that answers from a
 * per-test script and records every request it receives, so tests can
 * assert on what actually crossed the wire: headers, bodies, retries and
 * their timing.
 */

import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

/** How the server answers one request. */
export interface ScriptedReply {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON; omitted (empty body) when undefined. */
  body?: unknown;
  /** Sent verbatim instead of `body`. */
  rawBody?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Read the request, then destroy the socket without answering. */
  destroy?: boolean;
}

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as JSON, or undefined when empty. */
  body: unknown;
  /** `performance.now()` when the request's headers arrived. */
  arrivedAt: number;
}

/** Picks the reply for a request nothing is queued for. */
export type Responder = (request: RecordedRequest) => ScriptedReply;

/** A running scripted server; `close()` it after the test. */
export interface ScriptedServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  requests: RecordedRequest[];
  /** Queues replies, used in order, one per request. */
  enqueue(...replies: ScriptedReply[]): void;
  /** Answers requests once the queue is empty. Default: 404 unscripted. */
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

/** Starts a scripted server on an ephemeral loopback port. */
export async function startScriptedServer(): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedReply[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let responder: Responder = () => ({
    status: 404,
    body: { message: "unscripted request" },
  });

  const server = createServer((incoming, response) => {
    const arrivedAt = performance.now();
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const recorded = record(incoming, Buffer.concat(chunks), arrivedAt);
      requests.push(recorded);
      const reply = queue.shift() ?? responder(recorded);
      const send = () => answer(incoming, response, reply);
      if (reply.delayMs === undefined) {
        send();
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, reply.delayMs);
      timers.add(timer);
    });
  });

  await new Promise<void>((resolve) => {
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    respondWith: (next) => {
      responder = next;
    },
    close: async () => {
      for (const timer of timers) {
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The URL of a loopback port nothing listens on: a server is started to
 * get a free port, then closed.
 */
export async function unusedLoopbackUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => {
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function record(
  incoming: IncomingMessage,
  raw: Buffer,
  arrivedAt: number,
): RecordedRequest {
  const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
  const rawBody = raw.toString("utf8");
  return {
    method: incoming.method ?? "",
    path: url.pathname,
    query: url.searchParams,
    headers: incoming.headers,
    rawBody,
    body: rawBody === "" ? undefined : JSON.parse(rawBody),
    arrivedAt,
  };
}

function answer(
  incoming: IncomingMessage,
  response: ServerResponse,
  reply: ScriptedReply,
): void {
  if (reply.destroy) {
    incoming.socket.destroy();
    return;
  }
  const text =
    reply.rawBody ??
    (reply.body === undefined ? "" : JSON.stringify(reply.body));
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body !== undefined && reply.rawBody === undefined) {
    headers["content-type"] = "application/json";
  }
  response.writeHead(reply.status ?? 200, headers);
  response.end(text);
}
