import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { uploadCloneArtifact } from "../src/action/artifact.ts";
import { samplePlan } from "./support/action-samples.ts";

describe("the mapping artifact", () => {
  let output: string[];
  const saved = {
    token: process.env.ACTIONS_RUNTIME_TOKEN,
    url: process.env.ACTIONS_RESULTS_URL,
  };

  beforeEach(() => {
    delete process.env.ACTIONS_RUNTIME_TOKEN;
    delete process.env.ACTIONS_RESULTS_URL;
    output = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    if (saved.token !== undefined)
      process.env.ACTIONS_RUNTIME_TOKEN = saved.token;
    if (saved.url !== undefined) process.env.ACTIONS_RESULTS_URL = saved.url;
  });

  it("is skipped with a notice outside a runner, without failing", async () => {
    const isUploaded = await uploadCloneArtifact({
      name: "personalize-clone",
      mappingFile: "personalize-clone-mapping.json",
      plan: samplePlan(),
    });

    expect(isUploaded).toBe(false);
    const notice = output.find((line) => line.startsWith("::notice::"));
    expect(notice).toContain("Not on a GitHub Actions runner");
    expect(notice).toContain('"personalize-clone"');
    expect(output.join("")).not.toContain("::error");
    expect(output.join("")).not.toContain("::warning");
  });

  it("is skipped with a notice when artifact-name is empty", async () => {
    process.env.ACTIONS_RUNTIME_TOKEN = "runtime";
    process.env.ACTIONS_RESULTS_URL = "http://127.0.0.1:9/";

    const isUploaded = await uploadCloneArtifact({
      name: "",
      mappingFile: "personalize-clone-mapping.json",
      plan: samplePlan(),
    });

    expect(isUploaded).toBe(false);
    expect(output.join("")).toContain(
      "::notice::artifact-name is empty: no artifact is uploaded.",
    );
  });
});
