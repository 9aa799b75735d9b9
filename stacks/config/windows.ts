// Backup and maintenance windows as AWS writes them ("hh24:mi-hh24:mi" daily, UTC, and
// "ddd:hh24:mi-ddd:hh24:mi" weekly), parsed into minutes of the week so overlaps can be found.
import { z } from "zod";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

const HHMM = "([01]\\d|2[0-3]):([0-5]\\d)";
const DAILY = new RegExp(`^${HHMM}-${HHMM}$`);
const WEEKLY = new RegExp(`^(${DAYS.join("|")}):${HHMM}-(${DAYS.join("|")}):${HHMM}$`);

/** A span of the week in minutes from Sunday 00:00; `end` may pass the week's end (wraps). */
interface Span {
    readonly start: number;
    readonly end: number;
}

export function parseDailyWindow(text: string): { start: number; minutes: number } | undefined {
    const m = DAILY.exec(text);
    if (!m) return undefined;
    const start = Number(m[1]) * 60 + Number(m[2]);
    const end = Number(m[3]) * 60 + Number(m[4]);
    return { start, minutes: (end - start + MINUTES_PER_DAY) % MINUTES_PER_DAY };
}

export function parseWeeklyWindow(text: string): Span | undefined {
    const m = WEEKLY.exec(text);
    if (!m) return undefined;
    const at = (day: string, h: string, min: string) => DAYS.indexOf(day as (typeof DAYS)[number]) * MINUTES_PER_DAY + Number(h) * 60 + Number(min);
    const start = at(m[1], m[2], m[3]);
    const end = at(m[4], m[5], m[6]);
    return { start, end: end > start ? end : end + MINUTES_PER_WEEK };
}

function overlaps(a: Span, b: Span): boolean {
    // Compare b shifted by -1, 0 and +1 week, so spans that wrap past Saturday are handled.
    return [-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK].some((shift) => a.start < b.end + shift && b.start + shift < a.end);
}

/** Does a daily window (every day of the week) overlap a weekly one? */
export function dailyOverlapsWeekly(daily: string, weekly: string): boolean {
    const d = parseDailyWindow(daily);
    const w = parseWeeklyWindow(weekly);
    if (!d || !w) return false;
    return Array.from({ length: 7 }, (_, day) => ({ start: day * MINUTES_PER_DAY + d.start, end: day * MINUTES_PER_DAY + d.start + d.minutes })).some((span) => overlaps(span, w));
}

/** A daily window AWS accepts: "hh24:mi-hh24:mi" UTC, at least `minMinutes` long. */
export function dailyWindow(minMinutes: number) {
    return z
        .string()
        .check((ctx) => {
            const parsed = parseDailyWindow(ctx.value);
            if (!parsed) {
                ctx.issues.push({ code: "custom", input: ctx.value, message: `must be a daily window "hh:mm-hh:mm" in UTC, e.g. "03:00-04:00"` });
            } else if (parsed.minutes < minMinutes) {
                ctx.issues.push({ code: "custom", input: ctx.value, message: `lasts ${parsed.minutes} minutes; AWS needs at least ${minMinutes}` });
            }
        })
        .meta({ "x-type": "hh:mm-hh:mm (UTC)" });
}

/** A weekly window AWS accepts: "ddd:hh24:mi-ddd:hh24:mi" UTC, at least `minMinutes` long. */
export function weeklyWindow(minMinutes: number) {
    return z
        .string()
        .check((ctx) => {
            const parsed = parseWeeklyWindow(ctx.value);
            if (!parsed) {
                ctx.issues.push({ code: "custom", input: ctx.value, message: `must be a weekly window "ddd:hh:mm-ddd:hh:mm" in UTC, e.g. "sun:03:00-sun:04:00"` });
            } else if (parsed.end - parsed.start < minMinutes) {
                ctx.issues.push({ code: "custom", input: ctx.value, message: `lasts ${parsed.end - parsed.start} minutes; AWS needs at least ${minMinutes}` });
            }
        })
        .meta({ "x-type": "ddd:hh:mm-ddd:hh:mm (UTC)" });
}

/**
 * Whether RDS / ElastiCache make a modification at once or hold it for the maintenance window
 * (the provider's `applyImmediately`). Unset, it follows the environment: dev and staging apply
 * at once (nobody waits a week to see a change), production waits for its window.
 */
export function applyImmediatelyField(service: string) {
    return z
        .boolean()
        .optional()
        .describe(`Make ${service} modifications at once instead of in the maintenance window; unset: true in dev and staging, false in production.`);
}

/** The value of an applyImmediately field, its environment's default filled in. */
export function applyImmediatelyFor(environment: string, value: boolean | undefined): boolean {
    return value ?? environment !== "production";
}
