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
