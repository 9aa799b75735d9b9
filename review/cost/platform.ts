// Platform services: KMS keys, Secrets Manager secrets, CloudWatch alarms and dashboards, and
// the stack's CloudWatch Logs (ingestion from an assumption, storage by the groups' retention).
import { CostResource, line, missing, num, Priced, PricingContext } from "./types";

const flat = (what: string, pick: (c: PricingContext) => { usd: number } | undefined, label: string) =>
    (resource: CostResource, context: PricingContext): Priced => {
        const p = pick(context);
        if (!p) return { lines: [], unpriced: [missing(label)] };
        return { lines: [line(resource, what, p.usd, p.usd, `$${p.usd}/month`)] };
    };

export const priceKmsKey = flat("customer managed KMS key", (c) => c.prices.kmsKeyMonth, "KMS keys");
export const priceSecret = flat("Secrets Manager secret", (c) => c.prices.secretMonth, "Secrets Manager secrets");
/**
 * A standard-resolution alarm is billed per metric it reads: a metric-math alarm per metric of
 * its expression (the ALB burn-rate windows read three), a plain alarm one (c3x, "aws_cloudwatch_metric_alarm").
 */
export function priceAlarm(alarm: CostResource, { prices }: PricingContext): Priced {
    const p = prices.alarmMonth;
    if (!p) return { lines: [], unpriced: [missing("CloudWatch alarms")] };
    const queries = Array.isArray(alarm.inputs.metricQueries) ? (alarm.inputs.metricQueries as { metric?: unknown }[]) : [];
    const metrics = Math.max(1, queries.filter((q) => q.metric !== undefined).length);
    const usd = metrics * p.usd;
    return { lines: [line(alarm, metrics === 1 ? "standard-resolution alarm" : `standard-resolution alarm of ${metrics} metrics`, usd, usd, `${metrics} metric(s) x $${p.usd}/month`)] };
}
export const priceCompositeAlarm = flat("composite alarm", (c) => c.prices.compositeAlarmMonth, "CloudWatch composite alarms");
export function priceRepository(repo: CostResource, { prices, assumptions }: PricingContext): Priced {
    const rate = prices.ecrGbMonth;
    if (!rate) return { lines: [], unpriced: [missing("ECR storage")] };
    const gb = assumptions.imageStorageGbPerRepository;
    return { lines: [line(repo, `ECR images, ${gb} GB`, gb * rate.usd, gb * rate.usd, `${gb} GB (assumption imageStorageGbPerRepository; the lifecycle policy caps the images kept) x $${rate.usd}/GB-month`)] };
}

export const priceDashboard = flat("CloudWatch dashboard", (c) => c.prices.dashboardMonth, "CloudWatch dashboards");

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
/** Retention of a group that never expires, for the steady-state storage bound: one year kept. */
const NEVER_EXPIRES_DAYS = 365;

/**
 * The stack's logs as one line: the assumed monthly ingestion, and at steady state the stored
 * volume is ingestion x retention / 30 (the shortest retention of the groups gives the minimum,
 * the longest the maximum).
 */
export function priceLogs({ prices, assumptions, all }: PricingContext): Priced {
    const groups = all.filter((r) => r.type === LOG_GROUP);
    const stack: CostResource = { type: LOG_GROUP, name: `${groups.length} log groups`, inputs: {} };
    if (groups.length === 0) return { lines: [] };
    const { logIngestionGb: ingest, logStorageGbMonth: store } = prices;
    if (!ingest || !store) return { lines: [], unpriced: [missing("CloudWatch Logs")] };
    const retentions = groups.map((g) => num(g.inputs.retentionInDays, NEVER_EXPIRES_DAYS) || NEVER_EXPIRES_DAYS);
    const shortest = Math.min(...retentions);
    const longest = Math.max(...retentions);
    const gb = assumptions.logIngestionGb;
    const monthly = (days: number) => gb * ingest.usd + gb * (days / 30) * store.usd;
    return { lines: [line(stack, `logs: ${gb} GB ingested, kept ${shortest === longest ? shortest : `${shortest}-${longest}`} days`, monthly(shortest), monthly(longest),
        `${gb} GB (assumption logIngestionGb) x $${ingest.usd}/GB + ${gb} GB x retention/30 stored x $${store.usd}/GB-month`)] };
}

/**
 * A Lambda function at the assumed invocations a month, each running its whole timeout (the
 * upper bound); the low end is zero, as the free tier (1 M requests, 400,000 GB-seconds a
 * month, account-wide) covers functions that run a few times a month.
 */
export function priceLambda(fn: CostResource, { prices, assumptions }: PricingContext): Priced {
    const arm = Array.isArray(fn.inputs.architectures) && fn.inputs.architectures.includes("arm64");
    const perGbSecond = arm ? prices.lambdaArmGbSecond : prices.lambdaX86GbSecond;
    const requests = prices.lambdaMillionRequests;
    if (!perGbSecond || !requests) return { lines: [], unpriced: [missing("Lambda")] };
    const memoryGb = num(fn.inputs.memorySize, 128) / 1024;
    const timeout = num(fn.inputs.timeout, 3);
    const calls = assumptions.lambdaInvocationsPerFunction;
    const max = calls * memoryGb * timeout * perGbSecond.usd + (calls / 1e6) * requests.usd;
    return { lines: [line(fn, `Lambda ${arm ? "arm64" : "x86"} ${num(fn.inputs.memorySize, 128)} MB, ${calls} runs`, 0, max,
        `0 within the free tier, to ${calls} runs (assumption lambdaInvocationsPerFunction) x ${memoryGb} GB x ${timeout} s (its timeout) x $${perGbSecond.usd}/GB-s + requests at $${requests.usd}/M`)] };
}
