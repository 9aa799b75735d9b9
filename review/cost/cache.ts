// ElastiCache (Valkey or Redis OSS) node-based replication groups: shards x (replicas + 1)
// nodes of one node type, priced per node-hour; Valkey nodes cost less than Redis OSS ones.
import { HOURS_PER_MONTH } from "./prices";
import { CostResource, line, missing, num, Priced, PricingContext } from "./types";

/** Nodes of a replication group: cluster mode counts shards x (replicas + 1), otherwise numCacheClusters. */
export function nodeCount(group: CostResource): number {
    const shards = num(group.inputs.numNodeGroups);
    if (shards > 0) return shards * (num(group.inputs.replicasPerNodeGroup) + 1);
    return num(group.inputs.numCacheClusters, 1);
}

export function priceReplicationGroup(group: CostResource, { prices }: PricingContext): Priced {
    const nodeType = String(group.inputs.nodeType);
    const engine = group.inputs.engine === "valkey" ? "valkey" : "redis";
    const redis = prices.elasticacheRedisNodeHour?.[nodeType];
    if (!redis) return { lines: [], unpriced: [missing(`ElastiCache node type ${nodeType}`)] };
    const discount = engine === "valkey" ? prices.valkeyNodeDiscount : undefined;
    if (engine === "valkey" && !discount) return { lines: [], unpriced: [missing("the Valkey node discount")] };
    const hourly = redis.usd * (1 - (discount?.usd ?? 0));
    const nodes = nodeCount(group);
    const monthly = nodes * hourly * HOURS_PER_MONTH;
    return {
        lines: [line(group, `${nodes} x ${nodeType} (${engine === "valkey" ? "Valkey" : "Redis OSS"})`, monthly, monthly,
            `${nodes} nodes x $${hourly.toFixed(4)}/h${discount ? ` (Redis OSS $${redis.usd} less ${discount.usd * 100}% for Valkey)` : ""} x ${HOURS_PER_MONTH} h`)],
    };
}
