// EC2 instances (the self-managed TimescaleDB) and their EBS gp3 volumes: instance hours,
// GB-months, and IOPS and throughput above gp3's free baseline.
import { HOURS_PER_MONTH } from "./prices";
import { CostLine, CostResource, line, missing, num, Priced, PricingContext, text } from "./types";

const GP3_FREE_IOPS = 3_000;
const GP3_FREE_MIBPS = 125;

interface Gp3 {
    readonly sizeGb: number;
    readonly iops: number;
    readonly throughput: number;
    readonly type: string;
}

function priceGp3(resource: CostResource, what: string, volume: Gp3, { prices }: PricingContext): Priced {
    if (volume.type !== "gp3") return { lines: [], unpriced: [missing(`EBS ${volume.type}`)] };
    const { ebsGp3GbMonth: gb, ebsGp3IopsMonth: iops, ebsGp3ThroughputMonth: mibps } = prices;
    if (!gb || !iops || !mibps) return { lines: [], unpriced: [missing("EBS gp3")] };
    const extraIops = Math.max(0, volume.iops - GP3_FREE_IOPS);
    const extraMibps = Math.max(0, volume.throughput - GP3_FREE_MIBPS);
    const monthly = volume.sizeGb * gb.usd + extraIops * iops.usd + extraMibps * mibps.usd;
    return {
        lines: [line(resource, `${what}: gp3 ${volume.sizeGb} GB`, monthly, monthly,
            `${volume.sizeGb} GB x $${gb.usd} + ${extraIops} IOPS above 3,000 x $${iops.usd} + ${extraMibps} MiB/s above 125 x $${mibps.usd}`)],
    };
}

export function priceEc2Instance(instance: CostResource, context: PricingContext): Priced {
    const type = String(instance.inputs.instanceType);
    const hour = context.prices.ec2InstanceHour?.[type];
    const lines: CostLine[] = [];
    const unpriced: string[] = [];
    if (hour) lines.push(line(instance, `${type} (Linux, on demand)`, hour.usd * HOURS_PER_MONTH, hour.usd * HOURS_PER_MONTH, `$${hour.usd}/h x ${HOURS_PER_MONTH} h`));
    else unpriced.push(missing(`EC2 instance type ${type}`));
    const root = instance.inputs.rootBlockDevice as Record<string, unknown> | undefined;
    if (root) {
        const priced = priceGp3(instance, "root volume", { sizeGb: num(root.volumeSize, 8), iops: num(root.iops, GP3_FREE_IOPS), throughput: num(root.throughput, GP3_FREE_MIBPS), type: text(root.volumeType, "gp3") }, context);
        lines.push(...priced.lines);
        unpriced.push(...(priced.unpriced ?? []));
    }
    return { lines, unpriced };
}

interface DlmSchedule {
    readonly retainRule?: { readonly count?: number };
}

/** Whether a volume carries every tag a lifecycle policy targets. */
const targeted = (volume: CostResource, targetTags: Readonly<Record<string, unknown>>) => {
    const tags = (volume.inputs.tags ?? {}) as Record<string, unknown>;
    return Object.keys(targetTags).length > 0 && Object.entries(targetTags).every(([k, v]) => tags[k] === v);
};

/**
 * Snapshots a DLM policy keeps of the volumes it targets: incremental, so at least the kept
 * days' changes and at most a full copy plus them (the first snapshot copies the written blocks).
 */
export function priceSnapshotPolicy(policy: CostResource, { prices, assumptions, all }: PricingContext): Priced {
    const rate = prices.ebsSnapshotGbMonth;
    if (!rate) return { lines: [], unpriced: [missing("EBS snapshots")] };
    const details = (policy.inputs.policyDetails ?? {}) as { targetTags?: Record<string, unknown>; schedules?: DlmSchedule[] };
    const kept = Math.max(0, ...(details.schedules ?? []).map((s) => num(s.retainRule?.count)));
    const volumes = all.filter((r) => r.type === "aws:ebs/volume:Volume" && targeted(r, details.targetTags ?? {}));
    if (volumes.length === 0) return { lines: [] };
    const sizeGb = volumes.reduce((sum, v) => sum + num(v.inputs.size), 0);
    const changes = sizeGb * (assumptions.backupChangePercentPerDay / 100) * kept;
    return { lines: [line(policy, `EBS snapshots of ${sizeGb} GB, ${kept} kept`, changes * rate.usd, (sizeGb + changes) * rate.usd,
        `${Math.round(changes)} GB of changes (${assumptions.backupChangePercentPerDay}%/day x ${kept}) to that plus one full ${sizeGb} GB copy, x $${rate.usd}/GB-month`)] };
}

export function priceEbsVolume(volume: CostResource, context: PricingContext): Priced {
    return priceGp3(volume, "volume", { sizeGb: num(volume.inputs.size), iops: num(volume.inputs.iops, GP3_FREE_IOPS), throughput: num(volume.inputs.throughput, GP3_FREE_MIBPS), type: text(volume.inputs.type, "gp2") }, context);
}
