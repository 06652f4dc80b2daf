import { afterEach, beforeEach, describe, expect, it } from "vitest";

import {
  OrganizationApi,
  ProjectApi,
  type VersionInput,
} from "../src/personalize/api.ts";
import { PersonalizeClient } from "../src/personalize/client.ts";
import type { PersonalizeApiError } from "../src/personalize/errors.ts";
import { RequestBudget } from "../src/personalize/request-budget.ts";
import type { RuleCombination } from "../src/personalize/schemas.ts";
import {
  type ScriptedServer,
  startScriptedServer,
} from "./support/http-script.ts";

let server: ScriptedServer;
let client: PersonalizeClient;
let api: ProjectApi;

beforeEach(async () => {
  server = await startScriptedServer();
  client = new PersonalizeClient({
    side: "destination",
    baseUrl: server.url,
    token: "token",
    authType: "authtoken",
    budget: new RequestBudget(1000),
    maxAttempts: 1,
  });
  api = new ProjectApi(client, "proj-1");
});

afterEach(async () => {
  await server.close();
  await client.close();
});

const attribute = {
  uid: "a1",
  key: "age",
  name: "Age",
  __type: "CUSTOM",
  createdByUserName: "Jane Doe",
};

const definition: RuleCombination = {
  __type: "RuleCombination",
  combinationType: "OR",
  rules: [
    {
      __type: "Rule",
      attribute: { __type: "PresetAttributeReference", ref: "COUNTRY" },
      attributeMatchCondition: "STRING_EQUALS",
      attributeMatchOptions: { __type: "StringMatchOptions", value: "US" },
      invertCondition: false,
    },
    {
      __type: "RuleCombination",
      combinationType: "AND",
      rules: [
        {
          __type: "Rule",
          attribute: { __type: "CustomAttributeReference", ref: "a1" },
          attributeMatchCondition: "NUMBER_GREATER_THAN",
          attributeMatchOptions: { __type: "NumberMatchOptions", value: 6 },
        },
      ],
    },
  ],
};

const experience = {
  uid: "e1",
  shortUid: "0",
  name: "Homepage",
  __type: "SEGMENTED",
  status: "DRAFT",
  latestVersion: "v1",
  _cms: { variantGroup: "cs1", variants: { "0": "cs2" } },
};

const version: VersionInput = {
  status: "ACTIVE",
  variants: [
    {
      __type: "SegmentedVariant",
      name: "US visitors",
      audiences: ["aud-1"],
      audienceCombinationType: "AND",
    },
  ],
};

/** The last request as `METHOD /path`, with its project header. */
function lastRequest() {
  const seen = server.requests.at(-1);
  return {
    endpoint: `${seen?.method} ${seen?.path}`,
    project: seen?.headers["x-project-uid"],
    body: seen?.body,
  };
}

describe("ProjectApi", () => {
  it("lists attributes with the project header, keeping unknown fields", async () => {
    server.enqueue({ body: [attribute] });

    const attributes = await api.listAttributes();

    expect(attributes).toEqual([attribute]);
    expect(lastRequest()).toMatchObject({
      endpoint: "GET /attributes",
      project: "proj-1",
    });
  });

  it("creates and updates attributes", async () => {
    server.enqueue({ status: 201, body: attribute }, { body: attribute });
    const body = { name: "Age", key: "age", description: "Visitor age" };

    await api.createAttribute(body);
    expect(lastRequest()).toMatchObject({ endpoint: "POST /attributes", body });

    await api.updateAttribute("a1", body);
    expect(lastRequest()).toMatchObject({
      endpoint: "PUT /attributes/a1",
      body,
    });
  });

  it("lists audiences including Lytics ones and parses nested rules", async () => {
    const lytics = { uid: "l1", name: "Fans", slug: "fans", source: "LYTICS" };
    server.enqueue({ body: [{ uid: "u1", name: "Tall", definition }, lytics] });

    const audiences = await api.listAudiences();

    expect(audiences[0]?.definition).toEqual(definition);
    expect(audiences[1]).toEqual(lytics);
    expect(server.requests[0]?.query.get("includeLyticsAudiences")).toBe(
      "true",
    );
  });

  it("creates and updates audiences", async () => {
    const audience = { uid: "u1", name: "Tall", definition };
    server.enqueue({ status: 201, body: audience }, { body: audience });
    const body = { name: "Tall", description: "", definition };

    await api.createAudience(body);
    expect(lastRequest()).toMatchObject({ endpoint: "POST /audiences", body });

    await api.updateAudience("u1", body);
    expect(lastRequest()).toMatchObject({
      endpoint: "PUT /audiences/u1",
      body,
    });
  });

  it("lists, creates and updates events", async () => {
    const event = { uid: "ev1", key: "checkout" };
    server.enqueue({ body: [event] }, { body: event }, { body: event });

    expect(await api.listEvents()).toEqual([event]);
    await api.createEvent({ key: "checkout" });
    expect(lastRequest()).toMatchObject({ endpoint: "POST /events" });
    await api.updateEvent("ev1", { key: "checkout", description: "Paid" });
    expect(lastRequest()).toMatchObject({
      endpoint: "PUT /events/ev1",
      body: { key: "checkout", description: "Paid" },
    });
  });

  it("lists, creates and updates experiences", async () => {
    server.enqueue(
      { body: [experience] },
      { body: experience },
      { body: experience },
    );
    const body = {
      name: "Homepage",
      __type: "SEGMENTED" as const,
      tags: ["home"],
    };

    expect(await api.listExperiences()).toEqual([experience]);
    const created = await api.createExperience(body);
    expect(created.latestVersion).toBe("v1");
    expect(lastRequest()).toMatchObject({
      endpoint: "POST /experiences",
      body,
    });
    await api.updateExperience("e1", body);
    expect(lastRequest()).toMatchObject({ endpoint: "PUT /experiences/e1" });
  });

  it("lists, creates and updates versions under their experience", async () => {
    const abVersion = {
      uid: "v2",
      status: "DRAFT",
      variantSplit: "EQUALLY_SPLIT",
      variants: [
        {
          __type: "ABTestVariant",
          name: "A",
          shortUid: "0",
          trafficDistribution: 50,
        },
        {
          __type: "ABTestVariant",
          name: "B",
          shortUid: "1",
          trafficDistribution: 50,
        },
      ],
      metrics: [{ __type: "Primary", name: "checkout", event: "ev1" }],
    };
    server.enqueue(
      { body: [abVersion] },
      { status: 201, body: { uid: "v3", ...version } },
      { body: { uid: "v1", ...version } },
    );

    expect(await api.listVersions("e1")).toEqual([abVersion]);
    await api.createVersion("e1", version);
    expect(lastRequest()).toMatchObject({
      endpoint: "POST /experiences/e1/versions",
      body: version,
    });
    await api.updateVersion("e1", "v1", version);
    expect(lastRequest()).toMatchObject({
      endpoint: "PUT /experiences/e1/versions/v1",
      body: version,
    });
  });

  it("reads and sets the experience priority", async () => {
    server.enqueue({ body: { priorityOrder: ["e2", "e1"] } }, { status: 200 });

    expect(await api.getPriority()).toEqual({ priorityOrder: ["e2", "e1"] });
    await api.setPriority(["e1", "e2"]);
    expect(lastRequest()).toMatchObject({
      endpoint: "PUT /experiences-priority",
      body: { priorityOrder: ["e1", "e2"] },
    });
  });

  it("encodes uids as one path segment", async () => {
    server.enqueue({ body: [] });

    await api.listVersions("a/b?c");

    expect(server.requests[0]?.path).toBe("/experiences/a%2Fb%3Fc/versions");
  });

  it.each([
    [
      "attribute",
      () => api.createAttribute({ name: "Age", key: "age" }),
      'attribute "age"',
    ],
    [
      "event",
      () => api.updateEvent("ev1", { key: "checkout" }),
      'event "checkout"',
    ],
    [
      "experience",
      () => api.createExperience({ name: "Homepage", __type: "AB_TEST" }),
      'experience "Homepage"',
    ],
    [
      "version",
      () => api.updateVersion("e1", "v1", version, "Homepage"),
      'ACTIVE version of experience "Homepage"',
    ],
  ])("names the %s in refusals", async (_, call, entity) => {
    server.enqueue({ status: 400, body: { message: "personalize.X.INVALID" } });

    const error = await call().catch((e: unknown) => e);

    expect((error as PersonalizeApiError).entity).toBe(entity);
    expect((error as Error).message).toContain(`for ${entity}`);
  });
});

describe("OrganizationApi", () => {
  it("lists and creates projects with the organization header", async () => {
    const project = { uid: "p1", name: "Clone", organizationUid: "org-1" };
    server.enqueue({ body: [project] }, { status: 201, body: project });
    const organization = new OrganizationApi(client, "org-1");

    expect(await organization.listProjects()).toEqual([project]);
    const body = { name: "Clone", connectedStackApiKey: "blt1" };
    const created = await organization.createProject(body);

    expect(created.uid).toBe("p1");
    const [list, create] = server.requests;
    expect(list?.headers.organization_uid).toBe("org-1");
    expect(list?.headers["x-project-uid"]).toBeUndefined();
    expect(`${create?.method} ${create?.path}`).toBe("POST /projects");
    expect(create?.body).toEqual(body);
  });
});
