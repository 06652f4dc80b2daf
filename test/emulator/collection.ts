/**
 * Checks the project's collections (/attributes, /events, /audiences,
 * /experiences) make the same way, each answered with the collection's own
 * error code prefix, such as `personalize.EVENTS`.
 */

import { badRequest, notFound } from "./errors.ts";

/** The entity stored under `uid`, or `<code>.NOT_FOUND` naming the `noun`. */
export function findByUid<T>(
  entities: ReadonlyMap<string, T>,
  uid: string,
  code: string,
  noun: string,
): T {
  const entity = entities.get(uid);
  if (!entity)
    throw notFound(`${code}.NOT_FOUND`, { uid: `No ${noun} "${uid}"` });
  return entity;
}

/**
 * Refuses, with `<code>.DUPLICATE_KEY`, a key another entity already has;
 * the entity `exceptUid` (the one being updated) may keep its own key.
 * Keys are compared case-sensitively.
 */
export function assertKeyIsFree(
  entities: ReadonlyMap<string, { uid: string; key: string }>,
  key: string,
  code: string,
  noun: "attribute" | "event",
  exceptUid?: string,
): void {
  for (const entity of entities.values()) {
    if (entity.key === key && entity.uid !== exceptUid) {
      throw badRequest(`${code}.DUPLICATE_KEY`, {
        key: `An ${noun} with key "${key}" already exists`,
      });
    }
  }
}
