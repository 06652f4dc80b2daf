/**
 * Reads the API's error bodies. Their shape is not documented: Contentstack's
 * own CLI looks for `errors` (field → message(s)), `error`, `error_message`
 * and `message`, and codes read `personalize.<RESOURCE>.<CODE>` (older ones
 * `personalization.…`). This accepts all of them.
 */

/** The parts of an error body worth showing to the user. */
export interface ErrorBody {
  /** The API's code, e.g. `personalize.PROJECTS.DUPLICATE_NAME`. */
  code?: string;
  /** Field messages (`field: message; …`), or the plain message. */
  detail?: string;
}

/** Longest detail kept: a gateway may answer with a whole HTML page. */
const MAX_DETAIL_LENGTH = 500;

const CODE_PATTERN = /^personali[sz](?:e|ation)\.[A-Za-z0-9_.]+$/;

const MESSAGE_KEYS = ["message", "error", "error_message", "error_code"];

/** Extracts the code and the field messages from a raw error body. */
export function parseErrorBody(text: string): ErrorBody {
  const body = parseJson(text);
  if (body === undefined) {
    return { detail: plainText(text) };
  }
  if (typeof body === "string") {
    return CODE_PATTERN.test(body) ? { code: body } : { detail: body };
  }
  if (typeof body !== "object" || body === null) {
    return {};
  }

  const fields = body as Record<string, unknown>;
  const messages = MESSAGE_KEYS.map((key) => fields[key]).filter(
    (value): value is string => typeof value === "string" && value !== "",
  );
  const fieldMessages = flatten(fields.errors, "");
  const code = [...messages, ...fieldMessages].find((m) =>
    CODE_PATTERN.test(m),
  );

  const meaningful = (message: string) => message !== code;
  const details = fieldMessages.filter(meaningful);
  const detail = details.length > 0 ? details : messages.filter(meaningful);
  return { code, detail: truncate(detail.join("; ")) };
}

/** `errors` as `field: message` lines, whatever nesting it uses. */
function flatten(value: unknown, field: string): string[] {
  if (typeof value === "string") {
    return [field ? `${field}: ${value}` : value];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item) => flatten(item, field));
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.flatMap(([key, inner]) => {
      // `{ message: "…" }` items describe their parent field, not a subfield.
      const isMessage = key === "message" || key === "msg";
      const path = isMessage ? field : field ? `${field}.${key}` : key;
      return flatten(inner, path);
    });
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return [field ? `${field}: ${value}` : String(value)];
  }
  return [];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Non-JSON bodies: keep short text, drop markup. */
function plainText(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.startsWith("<")) {
    return undefined;
  }
  return truncate(trimmed.replace(/\s+/g, " "));
}

function truncate(text: string): string | undefined {
  if (text === "") {
    return undefined;
  }
  return text.length > MAX_DETAIL_LENGTH
    ? `${text.slice(0, MAX_DETAIL_LENGTH)}…`
    : text;
}
