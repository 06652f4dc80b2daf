/**
 * Starts two emulated Personalize regions, seeds the sample staging project
 * in the first, writes what a workflow needs to reach them to the JSON file
 * named by the first argument, and serves until it is stopped. CI runs the
 * action itself (`uses: ./`) against them.
 */

import { rename, writeFile } from "node:fs/promises";
import { startEmulator } from "../test/emulator/index.ts";
import { stagingSeed } from "../test/support/action-samples.ts";

const target = process.argv[2];
if (target === undefined) {
  console.error("usage: node scripts/emulated-regions.ts <connection.json>");
  process.exit(2);
}

const source = await startEmulator();
const destination = await startEmulator();
const sourceOrganization = source.addOrganization("Staging");
const destinationOrganization = destination.addOrganization("Production");

const connection = {
  "source-url": source.url,
  "source-token": source.addUser({ organizations: [sourceOrganization] }),
  "source-project-uid": source.seedProject(sourceOrganization, stagingSeed)
    .projectUid,
  "destination-url": destination.url,
  "destination-token": destination.addUser({
    organizations: [destinationOrganization],
  }),
  "destination-organization-uid": destinationOrganization,
};

// Written whole, then renamed, so a reader never sees half a file.
await writeFile(`${target}.partial`, JSON.stringify(connection, null, 2));
await rename(`${target}.partial`, target);
console.log(`Source region: ${source.url}`);
console.log(`Destination region: ${destination.url}`);

const stop = async () => {
  await Promise.all([source.close(), destination.close()]);
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
