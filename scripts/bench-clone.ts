/**
 * Runs one clone in a process of its own, so that its peak memory is the
 * engine's alone. Reads `{ options, tuning }` as JSON on stdin (the clone
 * options without the log), and prints one JSON line on stdout: the wall
 * time, the peak resident set, each log group's start and end (epoch ms),
 * and the counts or the error.
 */

import { text } from "node:stream/consumers";
import type { ClientTuning } from "../src/clone/clone-project.ts";
import { cloneProject } from "../src/clone/clone-project.ts";
import type { CloneLog, CloneOptions } from "../src/clone/types.ts";

/** One log group as it ran, in epoch ms so the parent can line it up. */
export interface BenchPhase {
  name: string;
  startedAt: number;
  endedAt: number;
}

/** What this process prints on stdout. */
export interface BenchCloneReport {
  wallMs: number;
  /** `process.resourceUsage().maxRSS`, in kilobytes. */
  maxRssKb: number;
  phases: BenchPhase[];
  counts?: { created: number; updated: number; unchanged: number };
  isIdentical?: boolean;
  error?: string;
}

export interface BenchCloneInput {
  options: Omit<CloneOptions, "log">;
  tuning: ClientTuning;
}

const epochNow = () => performance.timeOrigin + performance.now();

const input = JSON.parse(await text(process.stdin)) as BenchCloneInput;
const phases: BenchPhase[] = [];
const log: CloneLog = {
  info: () => {},
  warning: () => {},
  debug: () => {},
  async group(name, fn) {
    const phase = { name, startedAt: epochNow(), endedAt: 0 };
    phases.push(phase);
    try {
      return await fn();
    } finally {
      phase.endedAt = epochNow();
    }
  },
};

const started = performance.now();
const report: BenchCloneReport = { wallMs: 0, maxRssKb: 0, phases };
try {
  const result = await cloneProject({ ...input.options, log }, input.tuning);
  report.counts = result.counts;
  report.isIdentical = result.verify?.identical === true;
} catch (error) {
  report.error = error instanceof Error ? error.message : String(error);
}
report.wallMs = performance.now() - started;
report.maxRssKb = process.resourceUsage().maxRSS;
console.log(JSON.stringify(report));
