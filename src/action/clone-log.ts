/**
 * The engine's log on the runner: info and warnings in the step log, debug
 * lines shown when step debugging is on, each phase in a collapsible group.
 */

import * as core from "@actions/core";
import type { CloneLog } from "../clone/types.ts";

export const runnerLog: CloneLog = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  group: (name, fn) => core.group(name, fn),
};
