/**
 * Runs the bundled action (`dist/index.js`) the way the runner does: a
 * child process with each input in an `INPUT_<NAME>` variable, and the
 * summary, outputs and event in files named by `GITHUB_*` variables.
 */

import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The bundle, resolved from the repository root. */
export const ACTION_ENTRY = resolve(import.meta.dirname, "../../dist/index.js");

export interface ActionRunRequest {
  /** Inputs by their action.yml names; absent inputs are not set at all. */
  inputs: Record<string, string>;
  /** The triggering event; `push` with an empty payload when absent. */
  event?: { name: string; payload: unknown };
  /** Extra environment, e.g. `GITHUB_API_URL` for a fake GitHub. */
  env?: Record<string, string>;
  /** Working directory; a new temporary one when absent. */
  workspace?: string;
}

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** What the action wrote to the job summary. */
  summary: string;
  outputs: Record<string, string>;
  workspace: string;
}

/**
 * The runner's rule for an input's variable: `INPUT_`, the name upper-cased
 * with spaces turned into `_`; hyphens stay.
 */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

export async function runAction(request: ActionRunRequest): Promise<ActionRun> {
  const workspace =
    request.workspace ?? (await mkdtemp(join(tmpdir(), "workspace-")));
  const runner = await mkdtemp(join(tmpdir(), "runner-"));
  const files = {
    summary: join(runner, "step-summary.md"),
    output: join(runner, "output.txt"),
    event: join(runner, "event.json"),
  };
  const event = request.event ?? { name: "push", payload: {} };
  await writeFile(files.summary, "");
  await writeFile(files.output, "");
  await writeFile(files.event, JSON.stringify(event.payload));

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? runner,
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: "acme/site",
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    RUNNER_TEMP: runner,
    ...request.env,
  };
  for (const [name, value] of Object.entries(request.inputs)) {
    env[inputVariable(name)] = value;
  }

  const { exitCode, stdout, stderr } = await spawnNode(workspace, env);
  return {
    exitCode,
    stdout,
    stderr,
    summary: await readFile(files.summary, "utf8"),
    outputs: parseOutputs(await readFile(files.output, "utf8")),
    workspace,
  };
}

/**
 * Reads the runner's output file: `name<<delimiter`, the value's lines, then
 * the delimiter alone on a line.
 */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const start = /^([^<]+)<<(.+)$/.exec(lines[index] ?? "");
    if (start === null) {
      continue;
    }
    const [, name = "", delimiter] = start;
    const value: string[] = [];
    while (index + 1 < lines.length && lines[index + 1] !== delimiter) {
      index += 1;
      value.push(lines[index] ?? "");
    }
    index += 1;
    outputs[name] = value.join("\n");
  }
  return outputs;
}

/**
 * Where each secret shows up in a run, one line per place. `::add-mask::`
 * commands are how masking works (the runner consumes them and never shows
 * them), so they are left out; any other occurrence counts.
 */
export function leakedSecrets(
  run: ActionRun,
  secrets: readonly string[],
  files: Record<string, string> = {},
): string[] {
  const places: Record<string, string> = {
    stdout: run.stdout.replace(/^::add-mask::.*$/gm, ""),
    stderr: run.stderr,
    summary: run.summary,
    outputs: JSON.stringify(run.outputs),
    ...files,
  };
  return Object.entries(places).flatMap(([place, text]) =>
    secrets
      .filter((secret) => secret !== "" && text.includes(secret))
      .map((secret) => `${place} holds ${secret.slice(0, 4)}…`),
  );
}

/**
 * Asynchronous on purpose: the emulators the action talks to usually run in
 * this very process, and a blocking spawn would stop them answering.
 */
function spawnNode(
  cwd: string,
  env: Record<string, string>,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [ACTION_ENTRY], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) =>
      resolvePromise({ exitCode: code ?? 1, stdout, stderr }),
    );
  });
}
