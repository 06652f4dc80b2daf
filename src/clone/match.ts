/**
 * Pairs source entities with the destination entities they become: first
 * by the mapping an earlier run saved, then by natural key (attribute key,
 * event key, audience name, experience name). A destination entity is
 * claimed at most once.
 */

interface Identified {
  uid: string;
}

/** Source uid → the destination entity it matches. */
export function matchEntities<S extends Identified, D extends Identified>(
  sources: readonly S[],
  destinations: readonly D[],
  saved: Readonly<Record<string, string>>,
  sourceKey: (entity: S) => string,
  destinationKey: (entity: D) => string,
): Map<string, D> {
  const matches = new Map<string, D>();
  const claimed = new Set<string>();
  const byUid = new Map(destinations.map((d) => [d.uid, d]));

  for (const source of sources) {
    const destination = byUid.get(saved[source.uid] ?? "");
    if (destination && !claimed.has(destination.uid)) {
      matches.set(source.uid, destination);
      claimed.add(destination.uid);
    }
  }

  // Names need not be unique, so same-named entities pair up in list order.
  const byKey = new Map<string, D[]>();
  for (const destination of destinations) {
    if (claimed.has(destination.uid)) continue;
    const key = destinationKey(destination);
    byKey.set(key, [...(byKey.get(key) ?? []), destination]);
  }
  for (const source of sources) {
    if (matches.has(source.uid)) continue;
    const destination = byKey.get(sourceKey(source))?.shift();
    if (destination) {
      matches.set(source.uid, destination);
      claimed.add(destination.uid);
    }
  }
  return matches;
}
