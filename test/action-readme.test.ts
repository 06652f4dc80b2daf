import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INPUT_DEFAULTS, Inputs } from "../src/action/inputs.ts";
import { Outputs } from "../src/action/outputs.ts";
import { readManifest } from "./support/action-manifest.ts";

const manifest = readManifest("action.yml");
const readme = readFileSync("README.md", "utf8");

/** The rows of the first table under `## heading`, as trimmed cells. */
function tableUnder(heading: string): string[][] {
  const section = readme.split(`\n## ${heading}\n`)[1]?.split("\n## ")[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

function defaultCell(value: string | undefined): string {
  if (value === undefined) return "—";
  return value === "" ? '`""`' : `\`${value}\``;
}

describe("the README and action.yml", () => {
  it("list the same inputs, with the same required, default and description", () => {
    const documented = tableUnder("Inputs");
    const declared = manifest.inputs.map((input) => [
      `\`${input.name}\``,
      input.required ? "yes" : "no",
      defaultCell(input.default),
      input.description,
    ]);

    expect(documented).toEqual(declared);
  });

  it("list the same outputs, with the same description", () => {
    const documented = tableUnder("Outputs");
    const declared = manifest.outputs.map((output) => [
      `\`${output.name}\``,
      output.description,
    ]);

    expect(documented).toEqual(declared);
  });
});

describe("action.yml", () => {
  it("runs the bundle on node24", () => {
    expect(manifest.runs).toEqual({ using: "node24", main: "dist/index.js" });
  });

  it("declares exactly the inputs and outputs the code reads and sets", () => {
    expect(manifest.inputs.map((input) => input.name).sort()).toEqual(
      Object.values(Inputs).sort(),
    );
    expect(manifest.outputs.map((output) => output.name).sort()).toEqual(
      Object.values(Outputs).sort(),
    );
  });

  it("gives every optional input a default and every entry a description", () => {
    for (const input of manifest.inputs) {
      expect(input.description, input.name).not.toBe("");
      expect(input.required || input.default !== undefined, input.name).toBe(
        true,
      );
    }
    for (const output of manifest.outputs) {
      expect(output.description, output.name).not.toBe("");
    }
  });

  it("has the defaults the code falls back to for empty inputs", () => {
    for (const [name, value] of Object.entries(INPUT_DEFAULTS)) {
      const declared = manifest.inputs.find((input) => input.name === name);
      expect(declared?.default, name).toBe(value);
    }
  });
});
