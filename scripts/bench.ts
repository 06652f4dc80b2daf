/**
 * `npm run bench`: clones a project at the documented per-project caps
 * between two emulated regions that answer in 200 ms and allow 10 requests
 * a second per organization, once as the action runs and once one request
 * at a time, then once more when there is nothing left to change, and
 * prints requests, time and memory against their bounds.
 * It prints figures and never fails on a slow machine: it exits non-zero
 * only when something crashed or the clone itself failed.
 */

import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { ClientTuning } from "../src/clone/clone-project.ts";
import type { RequestRecord } from "../test/emulator/index.ts";
import { cappedProject } from "../test/fixtures/capped-project.ts";
import { startTwoRegions } from "../test/support/two-regions.ts";
import type {
  BenchCloneInput,
  BenchCloneReport,
  BenchPhase,
} from "./bench-clone.ts";
import type { MinimumRequests } from "./bench-minimum.ts";
import {
  formula,
  minimumRequests,
  minimumRerunRequests,
  total,
} from "./bench-minimum.ts";

/** The documented rate limit, which the action's default budget matches. */
const RATE_LIMIT = 10;
/** The server's rate-limit window, plus a little. */
const RATE_WINDOW_MS = 1_100;
/** A plausible round trip to another region's API. */
const LATENCY_MS = 200;

const TARGET_RATIO = 1.15;
const TARGET_REQUEST_FACTOR = 1.1;
const TARGET_RSS_MB = 150;

const seed = cappedProject();

const RUNS: {
  title: string;
  tuning: ClientTuning;
  /** Clone once first, unmeasured, so the measured run finds it all. */
  isRerun?: boolean;
  minimum: MinimumRequests;
}[] = [
  {
    title: `(a) the action as it is: maxRequestsPerSecond ${RATE_LIMIT}`,
    tuning: {},
    minimum: minimumRequests(seed),
  },
  {
    title: "(b) baseline, one request at a time: maxInFlight 1",
    tuning: { maxInFlight: 1 },
    minimum: minimumRequests(seed),
  },
  {
    title: "(c) the action again, with nothing left to change",
    tuning: {},
    isRerun: true,
    minimum: minimumRerunRequests(seed),
  },
];

console.log(
  `Project: ${seed.attributes?.length} custom attributes, ` +
    `${seed.audiences?.length} audiences, ${seed.events?.length} events, ` +
    `${seed.experiences?.length} experiences; emulators answer in ` +
    `${LATENCY_MS} ms and allow ${RATE_LIMIT} requests/s per organization.`,
);
for (const run of RUNS) {
  await benchOnce(run);
}

async function benchOnce(run: (typeof RUNS)[number]): Promise<void> {
  const { title, tuning, minimum } = run;
  const regions = await startTwoRegions(seed, {
    latencyMs: LATENCY_MS,
    rateLimit: RATE_LIMIT,
  });
  const { source, destination } = regions;
  try {
    const input: BenchCloneInput = {
      options: { ...regions.cloneOptions(), maxRequestsPerSecond: RATE_LIMIT },
      tuning,
    };

    if (run.isRerun) {
      await runClone(input);
      // The measured run is a new process with a new budget: let the
      // server's window forget the first run, as a later workflow run would.
      await sleep(RATE_WINDOW_MS);
      source.clearRequests();
      destination.clearRequests();
    }
    const report = await runClone(input);
    printReport(title, minimum, report, source.requests, destination.requests);
  } finally {
    await regions.close();
  }
}

/** Runs bench-clone.ts in a child process and reads its one-line report. */
async function runClone(input: BenchCloneInput): Promise<BenchCloneReport> {
  const script = fileURLToPath(new URL("./bench-clone.ts", import.meta.url));
  const child = spawn(process.execPath, [script], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  child.stdin.end(JSON.stringify(input));
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) {
    throw new Error(`bench-clone.ts exited with ${code}: ${output}`);
  }
  return JSON.parse(output) as BenchCloneReport;
}

function verdict(isMet: boolean): string {
  return isMet ? "PASS" : "MISS";
}

function printReport(
  title: string,
  minimum: MinimumRequests,
  report: BenchCloneReport,
  sourceRequests: readonly RequestRecord[],
  destinationRequests: readonly RequestRecord[],
): void {
  const sent = {
    source: sourceRequests.length,
    destination: destinationRequests.length,
  };
  const least = {
    source: total(minimum.source),
    destination: total(minimum.destination),
  };
  const rateLimited = [...sourceRequests, ...destinationRequests].filter(
    (r) => r.rateLimited,
  ).length;
  const wallS = report.wallMs / 1000;
  const boundS = Math.max(sent.source, sent.destination) / RATE_LIMIT;
  const ratio = wallS / boundS;
  const inTurnS = (sent.source + sent.destination) / RATE_LIMIT;
  const rssMb = report.maxRssKb / 1024;
  const requestFactor = Math.max(
    sent.source / least.source,
    sent.destination / least.destination,
  );

  console.log(`\n${title}`);
  if (report.error !== undefined) {
    console.log(`  the clone FAILED: ${report.error}`);
    process.exitCode = 1;
  } else {
    const counts = report.counts;
    console.log(
      `  clone: ${counts?.created} created, ${counts?.updated} updated; ` +
        `verified ${report.isIdentical ? "identical" : "DIFFERENT"}`,
    );
  }
  const rows: [string, string, string][] = [
    [
      "requests",
      `source ${sent.source}, destination ${sent.destination} ` +
        `(×${requestFactor.toFixed(3)} the minimum)`,
      `≤ ${TARGET_REQUEST_FACTOR} × minimum: ` +
        verdict(requestFactor <= TARGET_REQUEST_FACTOR),
    ],
    ["minimum, source", formula(minimum.source), ""],
    ["minimum, destination", formula(minimum.destination), ""],
    ["wall time", `${wallS.toFixed(1)} s`, ""],
    [
      "lower bound",
      `${boundS.toFixed(1)} s = ` +
        `${Math.max(sent.source, sent.destination)} requests ÷ ` +
        `${RATE_LIMIT}/s (the larger organization)`,
      "",
    ],
    [
      "wall ÷ bound",
      ratio.toFixed(3),
      `≤ ${TARGET_RATIO}: ${verdict(ratio <= TARGET_RATIO)}`,
    ],
    [
      "429s received",
      String(rateLimited),
      `none: ${verdict(rateLimited === 0)}`,
    ],
    [
      "peak RSS",
      `${rssMb.toFixed(1)} MB (the clone's process)`,
      `< ${TARGET_RSS_MB} MB: ${verdict(rssMb < TARGET_RSS_MB)}`,
    ],
  ];
  // Writes wait for the whole source to be planned; a run without any
  // write has no such floor.
  const wrote = (report.counts?.created ?? 0) + (report.counts?.updated ?? 0);
  if (wrote > 0) {
    rows.splice(
      rows.findIndex(([name]) => name === "429s received"),
      0,
      [
        "bound, sides in turn",
        `${inTurnS.toFixed(1)} s = ${sent.source + sent.destination} ` +
          `requests ÷ ${RATE_LIMIT}/s (source read before any destination ` +
          `write); wall ÷ this = ${(wallS / inTurnS).toFixed(3)}`,
        "",
      ],
    );
  }
  for (const [name, figure, target] of rows) {
    const aside = target === "" ? "" : `   [${target}]`;
    console.log(`  ${name.padEnd(21)} ${figure}${aside}`);
  }
  printPhases(report.phases, sourceRequests, destinationRequests, wallS);
}

/** Time and requests per phase, to show where the wall time goes. */
function printPhases(
  phases: readonly BenchPhase[],
  sourceRequests: readonly RequestRecord[],
  destinationRequests: readonly RequestRecord[],
  wallS: number,
): void {
  const epoch = (r: RequestRecord) => performance.timeOrigin + r.at;
  const within = (requests: readonly RequestRecord[], phase: BenchPhase) =>
    requests.filter(
      (r) => epoch(r) >= phase.startedAt && epoch(r) < phase.endedAt,
    ).length;

  console.log("  by phase              time    source  destination  bound");
  let phaseS = 0;
  for (const phase of phases) {
    const seconds = (phase.endedAt - phase.startedAt) / 1000;
    phaseS += seconds;
    const fromSource = within(sourceRequests, phase);
    const toDestination = within(destinationRequests, phase);
    const bound = Math.max(fromSource, toDestination) / RATE_LIMIT;
    console.log(
      `    ${phase.name.padEnd(30).slice(0, 30)} ${seconds.toFixed(1).padStart(6)} s` +
        `${String(fromSource).padStart(6)}` +
        `${String(toDestination).padStart(12)}` +
        `${bound.toFixed(1).padStart(8)} s`,
    );
  }
  const outside = wallS - phaseS;
  console.log(
    `    ${"between phases".padEnd(30)} ${outside.toFixed(1).padStart(6)} s`,
  );
}
