/** /events: tracked events, identified by a key unique in the project. */

import {
  isRecord,
  optionalDescription,
  requiredString,
} from "./body-fields.ts";
import { assertKeyIsFree, findByUid } from "./collection.ts";
import { type ProjectContext, param, type Reply } from "./context.ts";
import { badRequest } from "./errors.ts";
import type { Event } from "./model.ts";
import { eventReferrer } from "./references.ts";
import {
  assertCapacity,
  type ProjectState,
  type Store,
  stamp,
  touch,
  type User,
} from "./store.ts";

const CODE = "personalize.EVENTS";

export interface EventFields {
  key: string;
  description: string;
}

export function listEvents(context: ProjectContext): Reply {
  return { status: 200, body: [...context.project.events.values()] };
}

export function createEvent(context: ProjectContext): Reply {
  const fields = parseEventBody(context.body);
  const event = addEvent(context.store, context.project, fields, context.user);
  return { status: 201, body: event };
}

export function updateEvent(context: ProjectContext): Reply {
  const event = findEvent(context);
  const fields = parseEventBody(context.body);
  assertKeyIsFree(context.project.events, fields.key, CODE, "event", event.uid);

  Object.assign(event, fields);
  touch(event, context.user);
  return { status: 200, body: event };
}

export function deleteEvent(context: ProjectContext): Reply {
  const event = findEvent(context);
  const referrer = eventReferrer(context.project, event.uid);
  if (referrer) {
    throw badRequest(`${CODE}.IN_USE`, {
      uid: `Event "${event.key}" is a metric of ${referrer}`,
    });
  }
  context.project.events.delete(event.uid);
  return { status: 204 };
}

/** Stores an event after the checks POST /events makes. */
export function addEvent(
  store: Store,
  project: ProjectState,
  fields: EventFields,
  user: User,
): Event {
  assertCapacity(store, project.events.size, CODE, "events");
  assertKeyIsFree(project.events, fields.key, CODE, "event");

  const event: Event = { ...stamp(project.project.uid, user), ...fields };
  project.events.set(event.uid, event);
  return event;
}

export function parseEventBody(body: unknown): EventFields {
  if (!isRecord(body)) throw badRequest(`${CODE}.KEY_REQUIRED`);
  return {
    key: requiredString(body.key, "key", `${CODE}.KEY_REQUIRED`),
    description: optionalDescription(body, CODE),
  };
}

function findEvent(context: ProjectContext): Event {
  const uid = param(context, "uid");
  return findByUid(context.project.events, uid, CODE, "event");
}
