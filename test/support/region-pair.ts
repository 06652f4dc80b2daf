/**
 * Two emulated regions, each with an organization and a member, and the
 * source organization holding a seeded project: where every clone between
 * regions starts, in tests, the demo and CI's emulated run.
 */
import type {
  Emulator,
  EmulatorOptions,
  ProjectSeed,
} from "../emulator/index.ts";
import { startEmulator } from "../emulator/index.ts";

export interface RegionPair {
  source: Emulator;
  destination: Emulator;
  sourceOrganization: string;
  destinationOrganization: string;
  /** The source member's token. */
  sourceToken: string;
  /** The destination member's token. */
  destinationToken: string;
  /** The project seeded in the source organization. */
  sourceProjectUid: string;
  /** Stops both regions. */
  close(): Promise<void>;
}

export async function startRegionPair(
  seed: ProjectSeed,
  options: EmulatorOptions = {},
): Promise<RegionPair> {
  const source = await startEmulator(options);
  const destination = await startEmulator(options);
  const sourceOrganization = source.addOrganization("Staging");
  const destinationOrganization = destination.addOrganization("Production");

  return {
    source,
    destination,
    sourceOrganization,
    destinationOrganization,
    sourceToken: source.addUser({ organizations: [sourceOrganization] }),
    destinationToken: destination.addUser({
      organizations: [destinationOrganization],
    }),
    sourceProjectUid: source.seedProject(sourceOrganization, seed).projectUid,
    async close() {
      await Promise.all([source.close(), destination.close()]);
    },
  };
}
