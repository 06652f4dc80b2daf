import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  MAX_COMMENT_BYTES,
  planCommentMarker,
  postPlanComment,
  pullRequestNumberOf,
  renderPlanComment,
} from "../src/action/pull-request-comment.ts";
import type { PlanEntry } from "../src/clone/types.ts";
import {
  SAMPLE_DIGEST,
  sampleOptions,
  samplePlan,
  sampleResult,
} from "./support/action-samples.ts";
import { type GitHubFake, startGitHubFake } from "./support/github-fake.ts";

const GITHUB_TOKEN = "ghs_fake-github-token";

describe("the plan comment on a pull request", () => {
  let github: GitHubFake;
  let output: string[];

  beforeEach(async () => {
    github = await startGitHubFake();
    output = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await github.close();
  });

  function post(body: string) {
    return postPlanComment({
      token: GITHUB_TOKEN,
      apiUrl: github.url,
      owner: "acme",
      repo: "site",
      pullRequestNumber: 7,
      marker: planCommentMarker(sampleOptions({ dryRun: true })),
      body: `${planCommentMarker(sampleOptions({ dryRun: true }))}\n${body}`,
    });
  }

  it("is created once, then updated in place on the next run", async () => {
    await post("first plan");
    await post("second plan");

    const comments = github.comments.get("acme/site#7") ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("second plan");
    expect(
      github.requests.map((request) => `${request.method} ${request.path}`),
    ).toEqual([
      "GET /repos/acme/site/issues/7/comments",
      "POST /repos/acme/site/issues/7/comments",
      "GET /repos/acme/site/issues/7/comments",
      `PATCH /repos/acme/site/issues/comments/${comments[0]?.id}`,
    ]);
    expect(github.requests[0]?.authorization).toBe(`token ${GITHUB_TOKEN}`);
  });

  it("leaves other comments alone, including other clones' plans", async () => {
    github.comments.set("acme/site#7", [
      {
        id: 90,
        body: "<!-- personalize-clone-plan: other -> project -->\nplan",
        html_url: "https://github.test/90",
        user: { login: "github-actions[bot]", type: "Bot" },
      },
    ]);

    await post("this clone's plan");

    const comments = github.comments.get("acme/site#7") ?? [];
    expect(comments.map((comment) => comment.id)).toEqual([90, 1]);
    expect(comments[0]?.body).toContain("other -> project");
  });

  it("warns and carries on when the token may not comment", async () => {
    github.refuseWith = {
      status: 403,
      message: "Resource not accessible by integration",
    };

    await expect(post("plan")).resolves.toBeUndefined();

    const warning = output.find((line) => line.startsWith("::warning::"));
    expect(warning).toContain("Resource not accessible by integration");
    expect(warning).toContain("pull-requests: write");
  });

  it("holds the marker, the plan and the digest to lock it with", () => {
    const options = sampleOptions({ dryRun: true });
    const body = renderPlanComment(
      options,
      sampleResult({ dryRun: true, verify: undefined }),
    );

    expect(body.startsWith(planCommentMarker(options))).toBe(true);
    expect(planCommentMarker(options)).toBe(
      "<!-- personalize-clone-plan: 66f1a2b3c4d5e6f7a8b9c0d1 -> 77f1a2b3c4d5e6f7a8b9c0d2 -->",
    );
    expect(body).toContain("#### To create (3)");
    expect(body).toContain(`Plan digest: \`${SAMPLE_DIGEST}\``);
    expect(body).toContain("`expected-plan-digest`");
    expect(body).not.toContain("secret-token");
  });

  it("names the destination by organization and name when it has no uid", () => {
    const marker = planCommentMarker(
      sampleOptions({
        destination: {
          ...sampleOptions().destination,
          projectUid: "",
          organizationUid: "blt0org",
          projectName: "Prod --> EU",
        },
      }),
    );

    expect(marker).toBe(
      "<!-- personalize-clone-plan: 66f1a2b3c4d5e6f7a8b9c0d1 -> blt0org/Prod __ EU -->",
    );
  });

  it("stays within GitHub's comment size limit", () => {
    const entries: PlanEntry[] = Array.from({ length: 5000 }, (_, index) => ({
      type: "events",
      sourceUid: `e${index}`,
      label: `event_${index}_${"z".repeat(40)}`,
      action: "create",
    }));

    const body = renderPlanComment(
      sampleOptions({ dryRun: true }),
      sampleResult({ plan: samplePlan(entries), dryRun: true }),
    );

    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_COMMENT_BYTES);
    expect(body).toContain("more rows left out");
  });

  it("is only for pull_request and pull_request_target events", () => {
    const payload = { pull_request: { number: 12 } };

    expect(pullRequestNumberOf({ eventName: "pull_request", payload })).toBe(
      12,
    );
    expect(
      pullRequestNumberOf({ eventName: "pull_request_target", payload }),
    ).toBe(12);
    expect(pullRequestNumberOf({ eventName: "push", payload })).toBeUndefined();
  });
});
