/**
 * Where each Contentstack region serves the Personalize Management API, and
 * how a region input (a code or a URL) becomes the base URL requests go to.
 */

import { InputError } from "./errors.ts";

/** Management API base URL per region code (Contentstack's regions.json). */
export const REGION_BASE_URLS = {
  na: "https://personalize-api.contentstack.com",
  eu: "https://eu-personalize-api.contentstack.com",
  au: "https://au-personalize-api.contentstack.com",
  "azure-na": "https://azure-na-personalize-api.contentstack.com",
  "azure-eu": "https://azure-eu-personalize-api.contentstack.com",
  "gcp-na": "https://gcp-na-personalize-api.contentstack.com",
  "gcp-eu": "https://gcp-eu-personalize-api.contentstack.com",
} as const;

/** One of the seven region codes Contentstack serves Personalize from. */
export type RegionCode = keyof typeof REGION_BASE_URLS;

/** The region codes in the order they are listed to the user. */
export const REGION_CODES = Object.keys(REGION_BASE_URLS) as RegionCode[];

/**
 * Turns a region input into a Management API base URL without a trailing
 * slash. Accepts a region code (any case, surrounding spaces ignored), any
 * `https://` URL, or an `http://` URL whose host is loopback (for local
 * emulators). Anything else throws an `InputError` naming `inputName`, before
 * any connection is made.
 */
export function resolveBaseUrl(inputName: string, value: string): string {
  const trimmed = value.trim();
  const code = trimmed.toLowerCase();
  if (isRegionCode(code)) {
    return REGION_BASE_URLS[code];
  }

  const url = parseUrl(trimmed);
  if (url === undefined || !isAllowedUrl(url)) {
    throw new InputError(
      inputName,
      `Input "${inputName}" is "${withoutCredentials(value, url)}": use one of ${REGION_CODES.join(", ")}, or an https:// base URL (http:// only for a loopback host).`,
    );
  }

  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

function isRegionCode(value: string): value is RegionCode {
  return Object.hasOwn(REGION_BASE_URLS, value);
}

/**
 * A base URL carries no credentials, query or fragment: requests append
 * paths to it, and it shows up in logs.
 */
function isAllowedUrl(url: URL): boolean {
  const isPlain =
    url.hostname !== "" &&
    url.username === "" &&
    url.password === "" &&
    url.search === "" &&
    url.hash === "";
  const isSecure =
    url.protocol === "https:" ||
    (url.protocol === "http:" && isLoopbackHost(url.hostname));
  return isPlain && isSecure;
}

/** Quotes what the user gave, minus any password it carried. */
function withoutCredentials(value: string, url: URL | undefined): string {
  if (url === undefined || (url.username === "" && url.password === "")) {
    return value;
  }
  return `${url.protocol}//***@${url.host}${url.pathname}`;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Loopback means 127.0.0.0/8, `localhost` or `[::1]`. */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "[::1]") {
    return true;
  }
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
