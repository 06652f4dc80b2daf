/**
 * The action's inputs: their names as action.yml spells them, and one
 * reading of all of them into the engine's options, every problem reported
 * at once and before anything is written.
 */

import * as core from "@actions/core";
import { z } from "zod";
import type { CloneOptions } from "../clone/types.ts";
import { InputError } from "../personalize/errors.ts";
import {
  parseArtifactName,
  parseBoolean,
  parseEntityTypes,
  parseExperiencePatterns,
  parseIdentifier,
  parseIntegerInRange,
  parseOneOf,
  parsePlanDigest,
  parseRegion,
  parseRequired,
} from "./input-values.ts";

/** Input names, exactly as action.yml declares them. */
export const Inputs = {
  SourceRegion: "source-region",
  SourceProjectUid: "source-project-uid",
  SourceToken: "source-token",
  SourceAuthType: "source-auth-type",
  DestinationRegion: "destination-region",
  DestinationProjectUid: "destination-project-uid",
  DestinationOrganizationUid: "destination-organization-uid",
  DestinationProjectName: "destination-project-name",
  DestinationStackApiKey: "destination-stack-api-key",
  DestinationToken: "destination-token",
  DestinationAuthType: "destination-auth-type",
  Include: "include",
  Experiences: "experiences",
  OnExisting: "on-existing",
  Activation: "activation",
  DryRun: "dry-run",
  MappingFile: "mapping-file",
  ArtifactName: "artifact-name",
  MaxRequestsPerSecond: "max-requests-per-second",
  GithubToken: "github-token",
  ExpectedPlanDigest: "expected-plan-digest",
} as const;

export type InputName = (typeof Inputs)[keyof typeof Inputs];

/**
 * Values used when an optional input is empty. They match action.yml; they
 * matter when the bundle runs without the runner filling in defaults (the
 * demo, the tests, `@github/local-action`).
 */
export const INPUT_DEFAULTS: Partial<Record<InputName, string>> = {
  [Inputs.SourceAuthType]: "authtoken",
  [Inputs.DestinationAuthType]: "authtoken",
  [Inputs.Include]: "attributes, audiences, events, experiences",
  [Inputs.OnExisting]: "update",
  [Inputs.Activation]: "mirror",
  [Inputs.DryRun]: "false",
  [Inputs.MappingFile]: "personalize-clone-mapping.json",
  [Inputs.MaxRequestsPerSecond]: "10",
};

/** Inputs whose values are credentials: masked, never quoted back. */
export const SECRET_INPUTS: readonly InputName[] = [
  Inputs.SourceToken,
  Inputs.DestinationToken,
  Inputs.GithubToken,
];

/** Everything the run needs, validated. */
export interface ActionInputs {
  /** The engine's options, all but the log. */
  clone: Omit<CloneOptions, "log">;
  /** Empty when no artifact is wanted. */
  artifactName: string;
  /** Empty when no pull-request comment can be posted. */
  githubToken: string;
}

/** Every problem found in the inputs, one `InputError` each. */
export class InvalidInputsError extends Error {
  override name = "InvalidInputsError";
  readonly problems: readonly InputError[];

  constructor(problems: readonly InputError[]) {
    const count =
      problems.length === 1 ? "1 input is" : `${problems.length} inputs are`;
    const lines = problems.map((problem) => `- ${problem.message}`);
    super([`${count} not valid:`, ...lines].join("\n"));
    this.problems = problems;
  }
}

/** Reads the inputs from the runner, masking tokens before anything prints. */
export function getInputs(): ActionInputs {
  for (const name of SECRET_INPUTS) {
    const value = core.getInput(name);
    if (value !== "") {
      core.setSecret(value);
    }
  }

  return readInputs((name) => core.getInput(name));
}

/**
 * Validates every input read through `read` and maps them to the engine's
 * options. Throws one `InvalidInputsError` listing every problem.
 */
export function readInputs(read: (name: InputName) => string): ActionInputs {
  const raw = Object.fromEntries(
    Object.values(Inputs).map((name) => {
      const value = read(name).trim();
      return [name, value === "" ? (INPUT_DEFAULTS[name] ?? "") : value];
    }),
  );

  const parsed = inputsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidInputsError(parsed.error.issues.map(toInputError));
  }

  const values = parsed.data;
  return {
    clone: {
      source: {
        baseUrl: values[Inputs.SourceRegion],
        region: raw[Inputs.SourceRegion] ?? "",
        projectUid: values[Inputs.SourceProjectUid],
        token: values[Inputs.SourceToken],
        authType: values[Inputs.SourceAuthType],
      },
      destination: {
        baseUrl: values[Inputs.DestinationRegion],
        region: raw[Inputs.DestinationRegion] ?? "",
        projectUid: values[Inputs.DestinationProjectUid],
        organizationUid: values[Inputs.DestinationOrganizationUid],
        projectName: values[Inputs.DestinationProjectName],
        stackApiKey: values[Inputs.DestinationStackApiKey],
        token: values[Inputs.DestinationToken],
        authType: values[Inputs.DestinationAuthType],
      },
      include: values[Inputs.Include],
      experiences: values[Inputs.Experiences],
      onExisting: values[Inputs.OnExisting],
      activation: values[Inputs.Activation],
      dryRun: values[Inputs.DryRun],
      mappingFile: values[Inputs.MappingFile],
      maxRequestsPerSecond: values[Inputs.MaxRequestsPerSecond],
      expectedPlanDigest: values[Inputs.ExpectedPlanDigest],
    },
    artifactName: values[Inputs.ArtifactName],
    githubToken: values[Inputs.GithubToken],
  };
}

type Parser = (name: string, value: string) => unknown;
type ParsedBy<P> = P extends (name: string, value: string) => infer T
  ? T
  : never;

/**
 * Turns `parse` into a zod field. A parser throws an `InputError`; the issue
 * is marked `continue` so every other input, and the rules across inputs,
 * are still checked and reported together.
 */
function field<P extends Parser>(name: string, parse: P) {
  return z.string().transform((value, context): ParsedBy<P> => {
    try {
      return parse(name, value) as ParsedBy<P>;
    } catch (error) {
      if (!(error instanceof InputError)) {
        throw error;
      }
      context.issues.push({
        code: "custom",
        message: error.message,
        input: value,
        continue: true,
      });
      return z.NEVER;
    }
  });
}

/** One zod field per input, from a table of parsers. */
function fieldsOf<T extends Record<InputName, Parser>>(parsers: T) {
  const entries = Object.entries(parsers).map(([name, parse]) => [
    name,
    field(name, parse),
  ]);
  return Object.fromEntries(entries) as {
    [K in keyof T]: z.ZodType<ParsedBy<T[K]>, string>;
  };
}

const AUTH_TYPES = ["authtoken", "oauth"] as const;
const ON_EXISTING = ["update", "skip", "fail"] as const;
const ACTIVATIONS = ["mirror", "none"] as const;

const asText = (_name: string, value: string) => value;
const optionalIdentifier = (name: string, value: string) =>
  value === "" ? "" : parseIdentifier(name, value);

const inputsSchema = z
  .object(
    fieldsOf({
      [Inputs.SourceRegion]: parseRegion,
      [Inputs.SourceProjectUid]: parseIdentifier,
      [Inputs.SourceToken]: parseRequired,
      [Inputs.SourceAuthType]: parseOneOf(AUTH_TYPES),
      [Inputs.DestinationRegion]: parseRegion,
      [Inputs.DestinationProjectUid]: optionalIdentifier,
      [Inputs.DestinationOrganizationUid]: optionalIdentifier,
      [Inputs.DestinationProjectName]: asText,
      [Inputs.DestinationStackApiKey]: optionalIdentifier,
      [Inputs.DestinationToken]: parseRequired,
      [Inputs.DestinationAuthType]: parseOneOf(AUTH_TYPES),
      [Inputs.Include]: parseEntityTypes,
      [Inputs.Experiences]: parseExperiencePatterns,
      [Inputs.OnExisting]: parseOneOf(ON_EXISTING),
      [Inputs.Activation]: parseOneOf(ACTIVATIONS),
      [Inputs.DryRun]: parseBoolean,
      [Inputs.MappingFile]: parseRequired,
      [Inputs.ArtifactName]: parseArtifactName,
      [Inputs.MaxRequestsPerSecond]: parseIntegerInRange(1, 100),
      [Inputs.GithubToken]: asText,
      [Inputs.ExpectedPlanDigest]: parsePlanDigest,
    }),
  )
  .superRefine((values, context) => {
    // Without a project uid the project is found or created by name, in an
    // organization. A uid that failed its own check is not "" and was
    // reported already.
    if (values[Inputs.DestinationProjectUid] !== "") {
      return;
    }
    const needed = [
      Inputs.DestinationProjectName,
      Inputs.DestinationOrganizationUid,
    ] as const;
    for (const name of needed) {
      if (values[name] === "") {
        context.addIssue({
          code: "custom",
          path: [name],
          message: `Input "${name}" is required when ${Inputs.DestinationProjectUid} is empty: the project is then found or created by name in that organization.`,
        });
      }
    }
  });

function toInputError(issue: z.core.$ZodIssue): InputError {
  const name = String(issue.path[0] ?? "");
  return new InputError(name, issue.message);
}
