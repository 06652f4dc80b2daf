/**
 * The fewest requests a fresh clone of a seeded project can make into an
 * empty destination project, term by term, so the bench can print the
 * formula beside the figure it measured.
 */

import type { ProjectSeed } from "../test/emulator/index.ts";

/** Reads that list a whole project: four entity lists and the priority. */
const PROJECT_LISTS = 5;

/** One term of a sum: how many, and what they are. */
export interface Term {
  count: number;
  what: string;
}

export interface MinimumRequests {
  source: Term[];
  destination: Term[];
}

export function total(terms: readonly Term[]): number {
  return terms.reduce((sum, term) => sum + term.count, 0);
}

export function formula(terms: readonly Term[]): string {
  return `${total(terms)} = ${terms.map((t) => `${t.count} ${t.what}`).join(" + ")}`;
}

/**
 * Writes one new experience's versions need, by the statuses the source
 * holds. A new experience comes with one empty draft: a live version takes
 * it over and activates it (1), a PAUSED one is then paused (1), and a
 * draft beside a live version is created afresh (1).
 */
function versionWrites(statuses: readonly string[]): number {
  const isLive = statuses.includes("ACTIVE") || statuses.includes("PAUSED");
  const hasDraft = statuses.includes("DRAFT");
  if (!isLive) return hasDraft ? 1 : 0;
  return 1 + (statuses.includes("PAUSED") ? 1 : 0) + (hasDraft ? 1 : 0);
}

/** The name of a status combination, e.g. `ACTIVE+DRAFT`. */
function combinationOf(statuses: readonly string[]): string {
  const shown = statuses.filter((s) => s !== "ARCHIVED");
  return shown.length === 0 ? "no version" : shown.join("+");
}

/**
 * The fewest requests a run makes when the destination already equals the
 * source: the same reads, the destination's version lists, and no write.
 */
export function minimumRerunRequests(seed: ProjectSeed): MinimumRequests {
  const experiences = seed.experiences?.length ?? 0;
  const wholeRead = (purpose: string): Term => ({
    count: PROJECT_LISTS + experiences,
    what:
      `${purpose} (${PROJECT_LISTS} lists + ${experiences} version lists, ` +
      "1 per experience)",
  });
  return {
    source: [wholeRead("extract reads")],
    destination: [wholeRead("plan reads"), wholeRead("verify reads")],
  };
}

export function minimumRequests(seed: ProjectSeed): MinimumRequests {
  const attributes = seed.attributes?.length ?? 0;
  const audiences = (seed.audiences ?? []).filter(
    (a) => a.source !== "LYTICS",
  ).length;
  const events = seed.events?.length ?? 0;
  const experiences = seed.experiences ?? [];

  const combinations = new Map<string, { count: number; writes: number }>();
  for (const experience of experiences) {
    const statuses = (experience.versions ?? []).map((v) => v.status);
    const name = combinationOf(statuses);
    const entry = combinations.get(name) ?? {
      count: 0,
      writes: versionWrites(statuses),
    };
    entry.count += 1;
    combinations.set(name, entry);
  }
  const versionTerms = [...combinations].map(
    ([name, { count, writes }]) => `${count} ${name} × ${writes}`,
  );
  const versionCount = [...combinations.values()].reduce(
    (sum, c) => sum + c.count * c.writes,
    0,
  );

  const wholeRead = (purpose: string): Term => ({
    count: PROJECT_LISTS + experiences.length,
    what:
      `${purpose} (${PROJECT_LISTS} lists + ${experiences.length} ` +
      "version lists, 1 per experience)",
  });
  const entityWrites =
    `entity creates (${attributes} attributes + ${audiences} audiences + ` +
    `${events} events + ${experiences.length} experiences)`;
  return {
    source: [wholeRead("extract reads")],
    destination: [
      {
        count: PROJECT_LISTS,
        what: "plan reads (5 lists; an empty project has no versions to list)",
      },
      {
        count: attributes + audiences + events + experiences.length,
        what: entityWrites,
      },
      {
        count: versionCount,
        what: `version writes (${versionTerms.join(" + ")})`,
      },
      { count: experiences.length > 0 ? 1 : 0, what: "priority write" },
      wholeRead("verify reads"),
    ],
  };
}
