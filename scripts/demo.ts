/**
 * `npm run demo`: clones a sample staging project from one emulated region
 * into a new project in another, by running the bundled action the way a
 * runner does, then prints the job summary, the outputs and the mapping
 * file. Exits with the action's own exit code.
 */

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { stagingSeed } from "../test/support/action-samples.ts";
import { startRegionPair } from "../test/support/region-pair.ts";
import { runAction } from "../test/support/run-action.ts";

const MAPPING_FILE = "personalize-clone-mapping.json";

const regions = await startRegionPair(stagingSeed);
try {
  console.log(`Source region (emulated):      ${regions.source.url}`);
  console.log(`Destination region (emulated): ${regions.destination.url}\n`);

  const run = await runAction({
    inputs: {
      "source-region": regions.source.url,
      "source-project-uid": regions.sourceProjectUid,
      "source-token": regions.sourceToken,
      "destination-region": regions.destination.url,
      "destination-organization-uid": regions.destinationOrganization,
      "destination-project-name": "Storefront production",
      "destination-token": regions.destinationToken,
      "mapping-file": MAPPING_FILE,
      "artifact-name": "personalize-clone",
    },
  });

  section("Action log", asTheRunnerShows(`${run.stdout}${run.stderr}`));
  section("Job summary", run.summary);
  section("Outputs", JSON.stringify(run.outputs, null, 2));
  const mapping = await readFile(
    join(run.workspace, MAPPING_FILE),
    "utf8",
  ).catch(() => "(no mapping file was written)");
  section(`Mapping file (${MAPPING_FILE})`, mapping);

  console.log(`The action exited with code ${run.exitCode}.`);
  process.exitCode = run.exitCode;
} finally {
  await regions.close();
}

function section(title: string, body: string): void {
  console.log(`\n===== ${title} =====\n`);
  console.log(body.trimEnd());
}

/**
 * The log as the runner displays it: masks and debug lines hidden (debug
 * shows only with step debugging on), groups and annotations in words.
 */
function asTheRunnerShows(log: string): string {
  return log
    .split("\n")
    .filter((line) => !/^::(add-mask|debug|endgroup)::/.test(line))
    .map((line) =>
      line
        .replace(/^::group::/, "▸ ")
        .replace(
          /^::(notice|warning|error)[^:]*::/,
          (_, kind: string) => `${kind}: `,
        ),
    )
    .join("\n");
}
