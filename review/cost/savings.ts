// The savings column: what seed 10.4's optimizations would save on the estimated stack, each
// with its assumptions (1-year term, No Upfront) and the sourced rate.
import { CostLine, CostResource, cents, num, PricingContext, Saving } from "./types";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

export function savingsOf(lines: readonly CostLine[], context: PricingContext): Saving[] {
    const { prices, all } = context;
    const out: Saving[] = [];
    const rdsRate = prices.savings?.rdsReserved1yNoUpfront;
    if (rdsRate) {
        const instances = lines.filter((l) => l.type === "aws:rds/instance:Instance" && l.what.startsWith("db."));
        const onDemand = instances.reduce((sum, l) => sum + l.monthlyMin, 0);
        out.push({
            optimization: "RDS reserved instances (1-year, No Upfront)",
            monthly: cents(onDemand * rdsRate.usd),
            basis: `${rdsRate.usd * 100}% (up to) of $${cents(onDemand)} priced instance hours; instance classes without a price are not counted (${rdsRate.source})`,
        });
    }
    const spRate = prices.savings?.computeSavingsPlan1yNoUpfront;
    if (spRate) {
        // The commitment is sized to the minimum task count at on-demand rates: Spot is not covered.
        const fargate = lines.filter((l) => l.type === "aws:ecs/service:Service" && l.what.includes(", on demand,"));
        const committed = fargate.reduce((sum, l) => sum + l.monthlyMin, 0);
        out.push({
            optimization: "Compute Savings Plan for Fargate (1-year, No Upfront)",
            monthly: cents(committed * spRate.usd),
            basis: `${spRate.usd * 100}% of $${cents(committed)} on-demand Fargate at the minimum task count (commitment sized to the floor; Spot tasks are not covered) (${spRate.source})`,
        });
    }
    out.push(logRetentionSaving(all, context));
    // Seed 10.4's "S3 Intelligent-Tiering for backups": the TimescaleDB full backups are the stack's only S3 backups.
    const backupBuckets = all.filter((r) => r.type === "aws:s3/bucket:Bucket" && r.name.includes("backups")).map((r) => r.name);
    out.push({
        optimization: "S3 Intelligent-Tiering for backups",
        monthly: 0,
        basis: backupBuckets.length > 0
            ? `applies to ${backupBuckets.join(", ")} (TimescaleDB full backups); not computed: no sourced S3 Standard or Intelligent-Tiering price, and the bucket's size is not declared (RDS backups and EBS snapshots are not S3 objects the stack owns)`
            : "nothing to tier: the stack keeps no backups in S3 buckets of its own",
    });
    return out;
}

/** Log retention is already applied: show what it saves against never-expiring groups after a year. */
function logRetentionSaving(all: readonly CostResource[], { prices, assumptions }: PricingContext): Saving {
    const groups = all.filter((r) => r.type === LOG_GROUP);
    const store = prices.logStorageGbMonth;
    if (!store || groups.length === 0) return { optimization: "log retention (30 days)", monthly: 0, basis: "no log groups, or no sourced log storage price" };
    const kept = Math.max(...groups.map((g) => num(g.inputs.retentionInDays, 365) || 365));
    const withRetention = assumptions.logIngestionGb * (kept / 30);
    const afterAYear = assumptions.logIngestionGb * 12;
    const saving = Math.max(0, afterAYear - withRetention) * store.usd;
    return {
        optimization: "log retention (already applied)",
        monthly: cents(saving),
        basis: `every log group expires (longest ${kept} days): ${Math.round(withRetention)} GB stored instead of ${Math.round(afterAYear)} GB after a year of ${assumptions.logIngestionGb} GB/month never expiring, x $${store.usd}/GB-month`,
    };
}
