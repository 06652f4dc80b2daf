import { describe, expect, it } from "vitest";
import {
  type InputName,
  Inputs,
  InvalidInputsError,
  readInputs,
} from "../src/action/inputs.ts";

/** The smallest set of inputs a real workflow could pass. */
const VALID: Partial<Record<InputName, string>> = {
  [Inputs.SourceRegion]: "eu",
  [Inputs.SourceProjectUid]: "66f1a2b3c4d5e6f7a8b9c0d1",
  [Inputs.SourceToken]: "source-secret-token",
  [Inputs.DestinationRegion]: "azure-na",
  [Inputs.DestinationProjectUid]: "77f1a2b3c4d5e6f7a8b9c0d2",
  [Inputs.DestinationToken]: "destination-secret-token",
};

function read(overrides: Partial<Record<InputName, string>> = {}) {
  const values = { ...VALID, ...overrides };
  return readInputs((name) => values[name] ?? "");
}

function problemsOf(overrides: Partial<Record<InputName, string>>) {
  try {
    read(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputsError);
    return (error as InvalidInputsError).problems;
  }
  throw new Error("the inputs were accepted");
}

describe("reading the inputs", () => {
  it("maps valid inputs to the engine's options, defaults filled in", () => {
    const inputs = read();

    expect(inputs.clone.source).toEqual({
      baseUrl: "https://eu-personalize-api.contentstack.com",
      region: "eu",
      projectUid: "66f1a2b3c4d5e6f7a8b9c0d1",
      token: "source-secret-token",
      authType: "authtoken",
    });
    expect(inputs.clone.destination.baseUrl).toBe(
      "https://azure-na-personalize-api.contentstack.com",
    );
    expect(inputs.clone).toMatchObject({
      include: ["attributes", "audiences", "events", "experiences"],
      experiences: [],
      onExisting: "update",
      activation: "mirror",
      dryRun: false,
      mappingFile: "personalize-clone-mapping.json",
      maxRequestsPerSecond: 10,
      expectedPlanDigest: "",
    });
    expect(inputs.artifactName).toBe("");
  });

  it("splits lists on commas and newlines and keeps the engine's order", () => {
    const inputs = read({
      [Inputs.Include]: "Experiences,\n audiences\n\n,attributes",
      [Inputs.Experiences]: "Home*\nCheckout test, Banner ?",
    });

    expect(inputs.clone.include).toEqual([
      "attributes",
      "audiences",
      "experiences",
    ]);
    expect(inputs.clone.experiences).toEqual([
      "Home*",
      "Checkout test",
      "Banner ?",
    ]);
  });

  it("takes booleans and choices in any case", () => {
    const inputs = read({
      [Inputs.DryRun]: "TRUE",
      [Inputs.OnExisting]: "Skip",
      [Inputs.SourceAuthType]: "OAuth",
    });

    expect(inputs.clone.dryRun).toBe(true);
    expect(inputs.clone.onExisting).toBe("skip");
    expect(inputs.clone.source.authType).toBe("oauth");
  });

  it("accepts a loopback http URL for a local emulator", () => {
    const inputs = read({ [Inputs.SourceRegion]: "http://127.0.0.1:4010/" });

    expect(inputs.clone.source.baseUrl).toBe("http://127.0.0.1:4010");
    expect(inputs.clone.source.region).toBe("http://127.0.0.1:4010/");
  });

  it("finds or creates by name when no destination uid is given", () => {
    const inputs = read({
      [Inputs.DestinationProjectUid]: "",
      [Inputs.DestinationProjectName]: "Production",
      [Inputs.DestinationOrganizationUid]: "blt0123456789abcdef",
      [Inputs.DestinationStackApiKey]: "blt9876543210fedcba",
    });

    expect(inputs.clone.destination).toMatchObject({
      projectUid: "",
      projectName: "Production",
      organizationUid: "blt0123456789abcdef",
      stackApiKey: "blt9876543210fedcba",
    });
  });

  const invalid: [InputName, string, string][] = [
    [Inputs.SourceRegion, "", "is required"],
    [Inputs.SourceRegion, "us-east", "na, eu, au"],
    [Inputs.SourceRegion, "http://example.com", "loopback"],
    [Inputs.SourceProjectUid, "", "is required"],
    [Inputs.SourceProjectUid, "66f1 a2b3", "letters, digits"],
    [Inputs.SourceToken, "", "is required"],
    [Inputs.SourceAuthType, "management", "authtoken or oauth"],
    [Inputs.DestinationRegion, "mars", "na, eu, au"],
    [Inputs.DestinationRegion, "ftp://127.0.0.1", "https://"],
    [Inputs.DestinationProjectUid, "a/b", "letters, digits"],
    [Inputs.DestinationOrganizationUid, "org uid", "letters, digits"],
    [Inputs.DestinationStackApiKey, "blt?", "letters, digits"],
    [Inputs.DestinationToken, "", "is required"],
    [Inputs.DestinationAuthType, "bearer", "authtoken or oauth"],
    [Inputs.Include, "audiences, variants", "variants unknown"],
    [Inputs.Include, ",", "list some of attributes"],
    [Inputs.Experiences, "Home[12]", "brackets"],
    [Inputs.Experiences, "{Home,Checkout}", "braces"],
    [Inputs.Experiences, "Home\\*", "backslash"],
    [Inputs.OnExisting, "overwrite", "update, skip or fail"],
    [Inputs.Activation, "all", "mirror or none"],
    [Inputs.DryRun, "yes", "true or false"],
    [Inputs.DryRun, "1", "true or false"],
    [Inputs.ArtifactName, "plans/latest", "without"],
    [Inputs.MaxRequestsPerSecond, "0", "from 1 to 100"],
    [Inputs.MaxRequestsPerSecond, "101", "from 1 to 100"],
    [Inputs.MaxRequestsPerSecond, "2.5", "from 1 to 100"],
    [Inputs.MaxRequestsPerSecond, "ten", "from 1 to 100"],
    [Inputs.ExpectedPlanDigest, "abc123", "sha256:"],
    [Inputs.ExpectedPlanDigest, `sha256:${"0".repeat(63)}`, "sha256:"],
  ];

  it.each(invalid)(
    "refuses %s = %j, naming the input and what is allowed",
    (name, value, allowed) => {
      const problems = problemsOf({ [name]: value });

      expect(problems).toHaveLength(1);
      expect(problems[0]?.input).toBe(name);
      expect(problems[0]?.message).toContain(`"${name}"`);
      expect(problems[0]?.message).toContain(allowed);
    },
  );

  it("quotes the value given, but never a token", () => {
    const [problem] = problemsOf({ [Inputs.OnExisting]: "overwrite" });
    expect(problem?.message).toContain('"overwrite"');

    const problems = problemsOf({
      [Inputs.SourceToken]: "",
      [Inputs.SourceRegion]: "nowhere",
    });
    const text = problems.map((found) => found.message).join("\n");
    expect(text).not.toContain("source-secret-token");
    expect(text).not.toContain("destination-secret-token");
  });

  it("needs a project name and organization when no destination uid is given", () => {
    const problems = problemsOf({ [Inputs.DestinationProjectUid]: "" });

    expect(problems.map((problem) => problem.input)).toEqual([
      Inputs.DestinationProjectName,
      Inputs.DestinationOrganizationUid,
    ]);
    expect(problems[0]?.message).toContain("destination-project-uid is empty");
  });

  it("reports every problem at once, in one error", () => {
    let thrown: unknown;
    try {
      readInputs(
        (name) =>
          ({
            [Inputs.SourceRegion]: "mars",
            [Inputs.DestinationProjectUid]: "",
            [Inputs.DryRun]: "maybe",
            [Inputs.MaxRequestsPerSecond]: "1000",
          })[name as string] ?? "",
      );
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(InvalidInputsError);
    const error = thrown as InvalidInputsError;
    expect(error.problems.map((problem) => problem.input)).toEqual([
      Inputs.SourceRegion,
      Inputs.SourceProjectUid,
      Inputs.SourceToken,
      Inputs.DestinationRegion,
      Inputs.DestinationToken,
      Inputs.DryRun,
      Inputs.MaxRequestsPerSecond,
      Inputs.DestinationProjectName,
      Inputs.DestinationOrganizationUid,
    ]);
    expect(error.message.split("\n")[0]).toBe("9 inputs are not valid:");
  });
});
