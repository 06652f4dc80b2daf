import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "./emulator/index.ts";
import { stagingSeed } from "./support/action-samples.ts";
import { type GitHubFake, startGitHubFake } from "./support/github-fake.ts";
import {
  type ActionRun,
  leakedSecrets,
  runAction,
} from "./support/run-action.ts";

const MAPPING_FILE = "personalize-clone-mapping.json";
const GITHUB_TOKEN = "ghs_0123456789abcdefFAKEgithubTOKEN";
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The bundled action, run as a runner would, between two emulated regions. */
describe("the bundled action", () => {
  let source: Emulator;
  let destination: Emulator;
  let github: GitHubFake;
  let sourceToken: string;
  let sourceProjectUid: string;
  /** Every token handed out, none of which may show up anywhere. */
  const tokens = [GITHUB_TOKEN];

  beforeAll(async () => {
    [source, destination, github] = await Promise.all([
      startEmulator(),
      startEmulator(),
      startGitHubFake(),
    ]);
    const sourceOrganization = source.addOrganization("Staging");
    sourceToken = source.addUser({ organizations: [sourceOrganization] });
    tokens.push(sourceToken);
    sourceProjectUid = source.seedProject(
      sourceOrganization,
      stagingSeed,
    ).projectUid;
  });

  afterAll(async () => {
    await Promise.all([source.close(), destination.close(), github.close()]);
  });

  beforeEach(() => {
    source.clearRequests();
    destination.clearRequests();
  });

  /**
   * Inputs of a clone into a project found or created by `name`, in an
   * organization of its own: tests share neither the organization's rate
   * limit window nor its project limit.
   */
  function inputsFor(name: string, extra: Record<string, string> = {}) {
    const organization = destination.addOrganization(name);
    const token = destination.addUser({ organizations: [organization] });
    tokens.push(token);
    return {
      "source-region": source.url,
      "source-project-uid": sourceProjectUid,
      "source-token": sourceToken,
      "destination-region": destination.url,
      "destination-organization-uid": organization,
      "destination-project-name": name,
      "destination-token": token,
      "mapping-file": MAPPING_FILE,
      ...extra,
    };
  }

  const destinationWrites = () =>
    destination.requests.filter((request) => request.isWrite);

  function expectNoTokenIn(run: ActionRun, files = {}) {
    expect(leakedSecrets(run, tokens, files)).toEqual([]);
  }

  it("clones a project into another region, then finds nothing left to do", async () => {
    const inputs = inputsFor("Production");
    const first = await runAction({ inputs });

    expect(first.exitCode, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({
      "mapping-file": MAPPING_FILE,
      created: "8",
      updated: "0",
      unchanged: "0",
    });
    expect(first.outputs["plan-digest"]).toMatch(DIGEST);
    const projectUid = first.outputs["destination-project-uid"] ?? "";
    expect(projectUid).toMatch(/^[0-9a-f]{24}$/);

    const copy = destination.snapshot(projectUid);
    expect(
      copy.experiences.map((experience) => experience.name).sort(),
    ).toEqual(["Checkout button test", "Homepage hero by audience"]);

    expect(first.summary).toContain("## Personalize clone");
    expect(first.summary).not.toContain("DRY RUN");
    expect(first.summary).toContain("#### Created (8)");
    expect(first.summary).toContain(
      "The destination matches the source for everything cloned.",
    );
    expect(first.summary).toContain(first.outputs["plan-digest"]);

    const mappingText = await readFile(
      join(first.workspace, MAPPING_FILE),
      "utf8",
    );
    const mapping = JSON.parse(mappingText);
    expect(mapping.source.projectUid).toBe(sourceProjectUid);
    expect(mapping.destination.projectUid).toBe(projectUid);
    for (const type of ["attributes", "audiences", "events", "experiences"]) {
      expect(Object.keys(mapping[type]), type).toHaveLength(2);
    }
    expect(first.stdout).toContain(`::add-mask::${sourceToken}`);
    expect(first.stdout).toContain(
      `::add-mask::${inputs["destination-token"]}`,
    );
    expectNoTokenIn(first, { mapping: mappingText });

    destination.clearRequests();
    const second = await runAction({
      inputs,
      workspace: first.workspace,
    });

    expect(second.exitCode, second.stdout).toBe(0);
    expect(second.outputs).toMatchObject({
      "destination-project-uid": projectUid,
      created: "0",
      updated: "0",
      unchanged: "8",
    });
    expect(destinationWrites()).toEqual([]);
    expectNoTokenIn(second);
  });

  it("reports what landed when the destination fails, and a re-run finishes without duplicates", async () => {
    // The project and three entities land; every write after them fails.
    destination.faults.set({ failWritesAfter: 4 });
    const inputs = inputsFor("Interrupted");
    const failed = await runAction({ inputs });
    destination.faults.reset();

    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toMatch(/^::error::/m);
    expect(failed.outputs.created).toBe("3");
    expect(failed.outputs["plan-digest"]).toMatch(DIGEST);
    const projectUid = failed.outputs["destination-project-uid"] ?? "";
    expect(projectUid).toMatch(/^[0-9a-f]{24}$/);
    expect(failed.summary).toContain("> [!CAUTION]");
    expect(failed.summary).toContain("### What landed and how to resume");
    expect(failed.summary).toContain("| 3 | 0 | 0 | 0 |");
    expect(failed.summary).toContain(`\`${MAPPING_FILE}\``);
    const landed = JSON.parse(
      await readFile(join(failed.workspace, MAPPING_FILE), "utf8"),
    );
    expect(landed.destination.projectUid).toBe(projectUid);
    expectNoTokenIn(failed);

    const resumed = await runAction({
      inputs,
      workspace: failed.workspace,
    });

    expect(resumed.exitCode, resumed.stdout).toBe(0);
    expect(resumed.outputs["destination-project-uid"]).toBe(projectUid);
    expect(resumed.outputs.created).toBe("5");
    const copy = destination.snapshot(projectUid);
    const custom = copy.attributes.filter((a) => a.__type === "CUSTOM");
    expect(custom).toHaveLength(2);
    expect(copy.events).toHaveLength(2);
    expect(copy.audiences).toHaveLength(2);
    expect(copy.experiences).toHaveLength(2);
  });

  it("fails naming the input when a required one is missing, before any request", async () => {
    const inputs: Record<string, string> = inputsFor("Missing token");
    delete inputs["source-token"];

    const run = await runAction({ inputs });

    expect(run.exitCode).toBe(1);
    const errors = run.stdout
      .split("\n")
      .filter((line) => line.startsWith("::error::"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Input "source-token" is required');
    expect(run.outputs).toMatchObject({
      created: "0",
      "plan-digest": "",
      "mapping-file": MAPPING_FILE,
    });
    expect(source.requests).toEqual([]);
    expect(destination.requests).toEqual([]);
    expectNoTokenIn(run);
  });

  it("reports every invalid input in one error, before any request", async () => {
    const run = await runAction({
      inputs: inputsFor("Invalid", {
        "on-existing": "overwrite",
        "dry-run": "yes",
        "max-requests-per-second": "500",
      }),
    });

    expect(run.exitCode).toBe(1);
    const error = run.stdout
      .split("\n")
      .find((line) => line.startsWith("::error::"));
    expect(error).toContain("3 inputs are not valid:");
    for (const name of ["on-existing", "dry-run", "max-requests-per-second"]) {
      expect(error).toContain(`Input "${name}"`);
      expect(run.summary).toContain(`Input "${name}"`);
    }
    expect(run.summary).toContain("**The inputs are not valid.**");
    expect(run.summary).toContain("Nothing was read or written.");
    expect(source.requests).toEqual([]);
    expect(destination.requests).toEqual([]);
  });

  it("comments the dry run's plan on a pull request once, then updates it", async () => {
    const pullRequest = {
      event: {
        name: "pull_request",
        payload: { pull_request: { number: 42 } },
      },
      env: { GITHUB_API_URL: github.url },
    };
    const inputs = inputsFor("Preview", {
      "dry-run": "true",
      "github-token": GITHUB_TOKEN,
    });

    const first = await runAction({ inputs, ...pullRequest });
    const second = await runAction({ inputs, ...pullRequest });

    for (const run of [first, second]) {
      expect(run.exitCode, run.stdout).toBe(0);
      expect(run.summary).toContain("DRY RUN — nothing was written");
      expect(run.outputs["plan-digest"]).toMatch(DIGEST);
      expect(run.outputs.created).toBe("8");
    }
    expect(second.outputs["plan-digest"]).toBe(first.outputs["plan-digest"]);
    expect(destinationWrites()).toEqual([]);

    const comments = github.comments.get("acme/site#42") ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(
      `<!-- personalize-clone-plan: ${sourceProjectUid} -> `,
    );
    expect(comments[0]?.body).toContain(first.outputs["plan-digest"]);
    expect(
      github.requests
        .filter((request) => request.method !== "GET")
        .map((request) => request.method),
    ).toEqual(["POST", "PATCH"]);

    expect(first.stdout).toContain(`::add-mask::${GITHUB_TOKEN}`);
    const bodies = comments.map((comment) => comment.body).join("\n");
    expectNoTokenIn(first, { comment: bodies });
    expectNoTokenIn(second);
  });

  it("applies a reviewed plan when its digest still matches", async () => {
    const inputs = inputsFor("Reviewed");
    const plan = await runAction({ inputs: { ...inputs, "dry-run": "true" } });
    const digest = plan.outputs["plan-digest"] ?? "";

    const run = await runAction({
      inputs: { ...inputs, "expected-plan-digest": digest },
    });

    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs["plan-digest"]).toBe(digest);
    expect(run.outputs.created).toBe("8");
  });

  it("refuses to write when the plan no longer has the expected digest", async () => {
    const stale = `sha256:${"0".repeat(64)}`;

    const run = await runAction({
      inputs: inputsFor("Locked", { "expected-plan-digest": stale }),
    });

    expect(run.exitCode).toBe(1);
    const error = run.stdout
      .split("\n")
      .find((line) => line.startsWith("::error::"));
    expect(error).toContain("expected-plan-digest");
    expect(destinationWrites()).toEqual([]);
    expect(run.outputs.created).toBe("0");
    expect(run.summary).toContain("Nothing was written to the destination.");
    expectNoTokenIn(run);
  });
});

describe("the token scan", () => {
  it("finds a token in any stream, file or output, but not in a mask command", () => {
    const run: ActionRun = {
      exitCode: 0,
      stdout: "::add-mask::tok-123\nall good\n",
      stderr: "",
      summary: "token tok-123 leaked",
      outputs: { created: "tok-123" },
      workspace: "",
    };

    expect(leakedSecrets(run, ["tok-123"], { mapping: "{}" })).toEqual([
      "summary holds tok-…",
      "outputs holds tok-…",
    ]);
  });
});
