/**
 * Starts two emulated Personalize regions, seeds the sample staging project
 * in the first, writes what a workflow needs to reach them to the JSON file
 * named by the first argument, and serves until it is stopped. CI runs the
 * action itself (`uses: ./`) against them.
 */

import { rename, writeFile } from "node:fs/promises";
import { stagingSeed } from "../test/support/action-samples.ts";
import { startRegionPair } from "../test/support/region-pair.ts";

const target = process.argv[2];
if (target === undefined) {
  console.error("usage: node scripts/emulated-regions.ts <connection.json>");
  process.exit(2);
}

const regions = await startRegionPair(stagingSeed);
const connection = {
  "source-url": regions.source.url,
  "source-token": regions.sourceToken,
  "source-project-uid": regions.sourceProjectUid,
  "destination-url": regions.destination.url,
  "destination-token": regions.destinationToken,
  "destination-organization-uid": regions.destinationOrganization,
};

// Written whole, then renamed, so a reader never sees half a file.
await writeFile(`${target}.partial`, JSON.stringify(connection, null, 2));
await rename(`${target}.partial`, target);
console.log(`Source region: ${regions.source.url}`);
console.log(`Destination region: ${regions.destination.url}`);

const stop = async () => {
  await regions.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
