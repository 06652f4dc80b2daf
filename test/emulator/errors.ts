/**
 * The API's error answers: `{ message: "personalize.RESOURCE.CODE", errors }`
 * where `errors` maps a field path to a message for a person.
 */

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors?: FieldErrors;

  constructor(status: number, code: string, errors?: FieldErrors) {
    const details = errors ? ` (${Object.values(errors).join("; ")})` : "";
    super(`${code}${details}`);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.errors = errors;
  }

  /** The JSON body the API answers with. */
  toBody(): { message: string; errors?: FieldErrors } {
    return this.errors
      ? { message: this.code, errors: this.errors }
      : { message: this.code };
  }
}

export function badRequest(code: string, errors?: FieldErrors): ApiError {
  return new ApiError(400, code, errors);
}

export function notFound(code: string, errors?: FieldErrors): ApiError {
  return new ApiError(404, code, errors);
}

/** `name` → `NAME`, `connectedStackApiKey` → `CONNECTED_STACK_API_KEY`. */
export function fieldCode(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}
