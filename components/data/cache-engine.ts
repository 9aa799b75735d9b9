// Facts about ElastiCache that config validation and the cache component share.

/**
 * Engines and the versions this project deploys, with their parameter-group family
 * (ElastiCache user guide, "Engine-specific parameters": Valkey 8.x uses valkey8, Valkey 7.2
 * valkey7, Redis OSS 7.x redis7). Valkey is the default: Redis-compatible and cheaper.
 */
export const CACHE_ENGINE_VERSIONS = {
    valkey: { "8.2": "valkey8", "8.1": "valkey8", "7.2": "valkey7" },
    redis: { "7.1": "redis7" },
} as const;
export type CacheEngine = keyof typeof CACHE_ENGINE_VERSIONS;
export const CACHE_ENGINES = Object.keys(CACHE_ENGINE_VERSIONS) as CacheEngine[];

export const CACHE_CLUSTER_MODES = ["enabled", "disabled"] as const;
export type CacheClusterMode = (typeof CACHE_CLUSTER_MODES)[number];

/** Shards 1-500, replicas per shard 0-5 (ElastiCache quotas for cluster mode). */
export const CACHE_LIMITS = { maxShards: 500, maxReplicas: 5, maxSnapshotRetentionDays: 35 } as const;

/**
 * The application user's default access: only the key prefixes of seed §10.2.3 (events queue
 * and dead-letter queues, device state and aggregates, sessions), every command but the
 * dangerous ones (FLUSHALL, KEYS, CONFIG, DEBUG, ...).
 */
export const DEFAULT_APP_ACCESS_STRING = "on ~events:* ~device:* ~session:* +@all -@dangerous";

const SIZES_T = ["micro", "small", "medium"] as const;
const SIZES_G = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"] as const;
const SIZES_5 = ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"] as const;

/**
 * Node types ElastiCache creates for Valkey and Redis OSS, family by family with their sizes:
 * the current generation of the ElastiCache API reference's CacheNode list (general purpose
 * m7g, m6g, m5, m4, t4g, t3; memory optimized r7g, r6g, r5, r4; memory optimized with data
 * tiering r6gd). T2 and the previous generations are left out: ElastiCache no longer creates
 * clusters on them (ElastiCache user guide, "Supported node types"). Regions differ; a type
 * this list lacks is added here with its source.
 */
export const CACHE_NODE_TYPES: Readonly<Record<string, readonly string[]>> = {
    t3: SIZES_T,
    t4g: SIZES_T,
    m4: ["large", "xlarge", "2xlarge", "4xlarge", "10xlarge"],
    m5: SIZES_5,
    m6g: SIZES_G,
    m7g: SIZES_G,
    r4: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge"],
    r5: SIZES_5,
    r6g: SIZES_G,
    r6gd: ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
    r7g: SIZES_G,
};

/** Whether `nodeType` (cache.<family>.<size>) is one ElastiCache creates. */
export function isCacheNodeType(nodeType: string): boolean {
    const [prefix, family, size, ...rest] = nodeType.split(".");
    return prefix === "cache" && rest.length === 0 && (CACHE_NODE_TYPES[family] ?? []).includes(size);
}

/**
 * What an access string grants that only dev may (ElastiCache user guide, "Role-Based Access
 * Control": the Redis ACL rules): `nopass` lets anyone in without a password; `~*` or
 * `allkeys` (with or without a %R/%W prefix) reaches every key; `+@all` or `allcommands` with
 * nothing taken away after it allows every command, FLUSHALL and CONFIG included.
 */
export function broadAccessGrants(accessString: string): string[] {
    const tokens = accessString.trim().split(/\s+/);
    const grants: string[] = [];
    if (tokens.includes("nopass")) grants.push("nopass (no password)");
    if (tokens.some((t) => t === "allkeys" || /^(%[RW]+)?~\*$/.test(t))) grants.push("every key (~* or allkeys)");
    const lastAll = Math.max(tokens.lastIndexOf("+@all"), tokens.lastIndexOf("allcommands"));
    if (lastAll >= 0 && !tokens.slice(lastAll + 1).some((t) => t.startsWith("-"))) grants.push("every command (+@all or allcommands, nothing taken away)");
    return grants;
}
