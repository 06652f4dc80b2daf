/** Keeps tokens out of what the action writes to files and comments. */

/**
 * Replaces each non-empty secret in `text` with `***`. The runner masks
 * secrets in the log only, not in the job summary or a comment body.
 */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets
    .filter((secret) => secret !== "")
    .reduce((redacted, secret) => redacted.replaceAll(secret, "***"), text);
}
