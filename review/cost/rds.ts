// RDS for PostgreSQL: instance hours (Multi-AZ runs a standby, billed as a second instance),
// gp3 storage (also doubled by Multi-AZ), IOPS above the gp3 baseline, backup storage beyond
// the free amount, the managed master secret; and automated backups copied to another region.
import { HOURS_PER_MONTH } from "./prices";
import { CostLine, CostResource, line, missing, num, Priced, PricingContext, text } from "./types";

/**
 * RDS gp3's included IOPS: 3,000 below 400 GiB, 12,000 from 400 GiB (PostgreSQL); from the
 * provider maintainers' explanation in hashicorp/terraform-provider-aws#28382 and the RDS
 * user guide (CHAP_Storage, "gp3 storage").
 */
export function gp3BaselineIops(allocatedGb: number): number {
    return allocatedGb >= 400 ? 12_000 : 3_000;
}

export function priceRdsInstance(db: CostResource, { prices, assumptions }: PricingContext): Priced {
    const lines: CostLine[] = [];
    const unpriced: string[] = [];
    const copies = db.inputs.multiAz === true ? 2 : 1;
    const az = copies === 2 ? "Multi-AZ (primary + standby)" : "Single-AZ";
    const cls = String(db.inputs.instanceClass);
    const hour = prices.rdsInstanceHour?.[cls];
    if (hour) lines.push(line(db, `${cls} ${az}`, hour.usd * HOURS_PER_MONTH * copies, hour.usd * HOURS_PER_MONTH * copies, `${copies} x $${hour.usd}/h x ${HOURS_PER_MONTH} h`));
    else unpriced.push(missing(`RDS instance class ${cls}`));

    const allocated = num(db.inputs.allocatedStorage);
    const ceiling = Math.max(allocated, num(db.inputs.maxAllocatedStorage, allocated));
    const gb = prices.rdsGp3GbMonth;
    if (gb) lines.push(line(db, `gp3 storage ${allocated}-${ceiling} GB${copies === 2 ? " x 2 (standby)" : ""}`, allocated * gb.usd * copies, ceiling * gb.usd * copies,
        `${allocated} GB allocated, autoscaling to ${ceiling} GB, x $${gb.usd}/GB-month${copies === 2 ? " x 2" : ""}`));
    else unpriced.push(missing("RDS gp3 storage"));

    const iops = num(db.inputs.iops);
    const extraAtMin = Math.max(0, iops - gp3BaselineIops(allocated));
    const extraAtMax = Math.max(0, iops - gp3BaselineIops(ceiling));
    if (prices.rdsIopsMonth && (extraAtMin > 0 || extraAtMax > 0)) {
        const rate = prices.rdsIopsMonth.usd * copies;
        lines.push(line(db, `IOPS above the gp3 baseline`, Math.min(extraAtMin, extraAtMax) * rate, Math.max(extraAtMin, extraAtMax) * rate, `${iops} IOPS less the baseline (3,000 below 400 GB, 12,000 from 400 GB) x $${prices.rdsIopsMonth.usd}/IOPS-month`));
    }

    const retention = num(db.inputs.backupRetentionPeriod);
    const backup = prices.rdsBackupGbMonth;
    if (backup && retention > 0) {
        // Backups up to the provisioned size are free; beyond it grows with the daily changes kept.
        const beyond = allocated * (assumptions.backupChangePercentPerDay / 100) * retention;
        lines.push(line(db, `backup storage beyond the free ${allocated} GB`, 0, beyond * backup.usd,
            `0 (all within the free amount) to ${Math.round(beyond)} GB (${assumptions.backupChangePercentPerDay}%/day changed x ${retention} days kept) x $${backup.usd}/GB-month`));
    }
    if (db.inputs.manageMasterUserPassword === true) {
        if (prices.secretMonth) lines.push(line(db, "managed master user secret", prices.secretMonth.usd, prices.secretMonth.usd, `1 secret x $${prices.secretMonth.usd}/month`));
        else unpriced.push(missing("Secrets Manager secrets"));
    }
    return { lines, unpriced };
}

const RDS_INSTANCE = "aws:rds/instance:Instance";

/** Replicated automated backups: the copy's storage in the other region, and the transfer there. */
export function priceBackupReplication(copy: CostResource, { prices, assumptions, all }: PricingContext): Priced {
    const arn = text(copy.inputs.sourceDbInstanceArn);
    const sources = all.filter((r) => r.type === RDS_INSTANCE);
    const source = sources.find((r) => arn.includes(`:db:${r.name}`) || arn.endsWith(`:db:${String(r.inputs.identifier)}`)) ?? (sources.length === 1 ? sources[0] : undefined);
    if (!source) return { lines: [], unpriced: [`source DB instance of ${arn} not declared`] };
    const allocated = num(source.inputs.allocatedStorage);
    const retention = num(copy.inputs.retentionPeriod);
    // The first copy is a full one; then the daily changes are shipped.
    const shippedGb = allocated * (assumptions.backupChangePercentPerDay / 100) * 30;
    const lines: CostLine[] = [];
    const unpriced = [missing("RDS backup storage", copy.region)];
    if (prices.interRegionTransferGb) {
        lines.push(line(copy, `backup changes shipped to ${copy.region ?? "the other region"}`, shippedGb * prices.interRegionTransferGb.usd, shippedGb * prices.interRegionTransferGb.usd,
            `${allocated} GB x ${assumptions.backupChangePercentPerDay}%/day x 30 days = ${Math.round(shippedGb)} GB x $${prices.interRegionTransferGb.usd}/GB (kept ${retention} days)`));
    }
    return { lines, unpriced };
}
