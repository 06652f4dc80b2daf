/**
 * A Personalize client that lives as long as the running test: it is closed
 * when the test finishes, whatever the test opened it for.
 */
import { onTestFinished } from "vitest";
import {
  PersonalizeClient,
  type PersonalizeClientOptions,
} from "../../src/personalize/client.ts";
import { RequestBudget } from "../../src/personalize/request-budget.ts";

/**
 * A source client sending an authtoken, with a budget so large no test waits
 * on it; `options` say where it connects and what else differs.
 */
export function openClient(
  options: Partial<PersonalizeClientOptions> & { baseUrl: string },
): PersonalizeClient {
  const client = new PersonalizeClient({
    side: "source",
    token: "token",
    authType: "authtoken",
    budget: new RequestBudget(1000),
    ...options,
  });
  onTestFinished(() => client.close());
  return client;
}
