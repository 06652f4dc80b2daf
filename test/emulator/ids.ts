/** Identifiers in the formats the real services mint them. */

import { randomBytes } from "node:crypto";

/** MongoDB ObjectId form: every Personalize entity uid (24 lowercase hex). */
export function newObjectId(): string {
  return randomBytes(12).toString("hex");
}

/** Lytics audience uids are 32 hex, unlike the API's own ObjectIds. */
export function newLyticsUid(): string {
  return randomBytes(16).toString("hex");
}

/** Contentstack organization and user uids: "blt" and 16 hex. */
export function newBltUid(): string {
  return `blt${randomBytes(8).toString("hex")}`;
}

/** An authtoken or OAuth access token: 48 url-safe characters. */
export function newToken(): string {
  return randomBytes(36).toString("base64url");
}

export function isObjectId(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-fA-F]{24}$/.test(value);
}

export function nowIso(): string {
  return new Date().toISOString();
}
