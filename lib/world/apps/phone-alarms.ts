// Phone APIs 20–24: alarms.
import {
  fail,
  notFound,
  notYours,
  p,
  PAGING,
  MESSAGE,
  DT,
  intShownAsFloat,
  type ApiDeclaration,
  type ApiContext,
} from "./define.js";
import { paginate } from "./paging.js";
import { allocateId, personName } from "../mutations.js";
import type { Alarm } from "../state.js";

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const EXAMPLE = {
  alarm_id: 1,
  time: "string",
  repeat_days: ["monday"],
  label: "string",
  enabled: true,
  snooze_minutes: intShownAsFloat(0),
  vibration: true,
  created_at: DT,
  user: { name: "string", phone_number: "string" },
};

function view(c: ApiContext, alarm: Alarm) {
  return {
    alarm_id: alarm.id,
    time: alarm.time,
    repeat_days: alarm.repeatDays.slice(),
    label: alarm.label,
    enabled: alarm.enabled,
    snooze_minutes: alarm.snoozeMinutes,
    vibration: alarm.vibration,
    created_at: alarm.createdAt,
    user: { name: personName(c.state, alarm.ownerId), phone_number: c.user.phoneNumber },
  };
}

function ownAlarm(c: ApiContext): Alarm {
  const alarm = c.state.phone.alarms.find((a) => a.id === c.args.alarm_id);
  if (!alarm) notFound("alarm", c.args.alarm_id);
  if (alarm.ownerId !== c.user.id) notYours("alarm");
  return alarm;
}

function checkTime(value: unknown): string {
  const text = String(value);
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(text)) fail("The time must be in HH:MM format.");
  return text;
}

function checkDays(value: unknown): string[] {
  const days = (value as string[]).map((d) => d.toLowerCase());
  const bad = days.find((d) => !WEEKDAYS.includes(d));
  if (bad !== undefined) fail(`Invalid repeat day '${bad}'. Valid days are: ${WEEKDAYS.join(", ")}.`);
  return days;
}

export const PHONE_ALARMS: ApiDeclaration[] = [
  {
    name: "show_alarms",
    method: "GET",
    path: "/alarms",
    description: "Get a list of alarms.",
    auth: true,
    params: [...PAGING],
    response: [EXAMPLE],
    handler: (c) =>
      paginate(
        c.state.phone.alarms.filter((a) => a.ownerId === c.user.id),
        c.args,
      ).map((a) => view(c, a)),
  },
  {
    name: "create_alarm",
    method: "POST",
    path: "/alarms",
    description: "Create a new alarm.",
    auth: true,
    params: [
      p.str("time", "The time of the alarm in HH:MM format."),
      p.list("repeat_days", "Days on which the alarm repeats.", { default: null }),
      p.str("label", "The label for the alarm.", { default: null }),
      p.bool("enabled", "Whether the alarm is enabled or not.", { default: true }),
      p.int("snooze_minutes", "The duration of snooze in minutes. Use 0 for no snooze.", { default: 15, ge: 0 }),
      p.bool("vibration", "Whether the alarm should vibrate or not.", { default: true }),
    ],
    response: { message: "string", alarm_id: 1 },
    handler: (c) => {
      const id = allocateId(c.state, "alarm");
      c.state.phone.alarms.push({
        id,
        ownerId: c.user.id,
        time: checkTime(c.args.time),
        repeatDays: c.args.repeat_days === null ? [] : checkDays(c.args.repeat_days),
        label: (c.args.label as string | null) ?? "",
        enabled: Boolean(c.args.enabled),
        snoozeMinutes: Number(c.args.snooze_minutes),
        vibration: Boolean(c.args.vibration),
        createdAt: c.state.now,
      });
      return { message: "Alarm created.", alarm_id: id };
    },
  },
  {
    name: "show_alarm",
    method: "GET",
    path: "/alarms/{alarm_id}",
    description: "Show alarm details.",
    auth: true,
    params: [p.int("alarm_id", "ID of the alarm to show.")],
    response: EXAMPLE,
    handler: (c) => view(c, ownAlarm(c)),
  },
  {
    name: "update_alarm",
    method: "PATCH",
    path: "/alarms/{alarm_id}",
    description: "Update an alarm's settings.",
    auth: true,
    params: [
      p.int("alarm_id", "ID of the alarm to be updated."),
      p.str("time", "The updated time of the alarm in HH:MM format.", { default: null }),
      p.list("repeat_days", "The updated days on which the alarm should repeat.", { default: null }),
      p.str("label", "The updated label for the alarm.", { default: null }),
      p.bool("enabled", "Whether the alarm is enabled or not.", { default: null }),
      p.int("snooze_minutes", "The updated duration of snooze in minutes. Use 0 for no snooze.", {
        default: null,
        ge: 0,
      }),
      p.bool("vibration", "Whether the alarm should vibrate or not.", { default: null }),
    ],
    response: MESSAGE,
    handler: (c) => {
      const alarm = ownAlarm(c);
      const a = c.args;
      if (a.time !== null) alarm.time = checkTime(a.time);
      if (a.repeat_days !== null) alarm.repeatDays = checkDays(a.repeat_days);
      if (typeof a.label === "string") alarm.label = a.label;
      if (typeof a.enabled === "boolean") alarm.enabled = a.enabled;
      if (typeof a.snooze_minutes === "number") alarm.snoozeMinutes = a.snooze_minutes;
      if (typeof a.vibration === "boolean") alarm.vibration = a.vibration;
      return { message: "Alarm updated." };
    },
  },
  {
    name: "delete_alarm",
    method: "DELETE",
    path: "/alarms/{alarm_id}",
    description: "Delete an alarm.",
    auth: true,
    params: [p.int("alarm_id", "ID of the alarm to delete.")],
    response: MESSAGE,
    handler: (c) => {
      const alarm = ownAlarm(c);
      c.state.phone.alarms = c.state.phone.alarms.filter((a) => a !== alarm);
      return { message: "Alarm deleted." };
    },
  },
];
