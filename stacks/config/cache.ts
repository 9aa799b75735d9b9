// The cache section (`hse-platform:cache`): Valkey (or Redis OSS) on ElastiCache for the
// events queue, dead-letter queues, device state and sessions (seed §10.2.3).
import { z } from "zod";
import {
    broadAccessGrants,
    CACHE_CLUSTER_MODES,
    CACHE_ENGINE_VERSIONS,
    CACHE_ENGINES,
    CACHE_LIMITS,
    CACHE_NODE_TYPES,
    DEFAULT_APP_ACCESS_STRING,
    isCacheNodeType,
} from "../../components/data/cache-engine";
import { DEFAULT_ROTATION_DAYS, SECRET_ROTATION_DAYS } from "../../components/secrets/platform-secret";
import { logRetentionDays, port } from "./fields";
import { defineSection, RuleIssue, sectionRule } from "./section";
import { applyImmediatelyField, applyImmediatelyFor, dailyOverlapsWeekly, dailyWindow, weeklyWindow } from "./windows";

export const CACHE_DEFAULT_PORT = 6379;

export const cacheSchema = z
    .strictObject({
        engine: z.enum(CACHE_ENGINES).default("valkey").describe("valkey (Redis-compatible, cheaper) or redis (Redis OSS)."),
        engineVersion: z.string().describe(`Engine version: valkey ${Object.keys(CACHE_ENGINE_VERSIONS.valkey).join(", ")}; redis ${Object.keys(CACHE_ENGINE_VERSIONS.redis).join(", ")}.`),
        nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "must be an ElastiCache node type such as cache.t4g.small or cache.r6g.large").describe("Node type (seed: cache.t3.small staging, cache.r6g.large production)."),
        clusterMode: z.enum(CACHE_CLUSTER_MODES).describe("Cluster mode: shards spread the keys (seed: enabled in production)."),
        shards: z.int().min(1).max(CACHE_LIMITS.maxShards).describe("Shards (node groups); 1 unless cluster mode is enabled (seed: 2)."),
        replicasPerShard: z.int().min(0).max(CACHE_LIMITS.maxReplicas).describe("Replicas per shard, 0-5 (seed: 2)."),
        multiAz: z.boolean().describe("Replicas in other zones, promoted on failure; needs automatic failover."),
        automaticFailover: z.boolean().describe("Promote a replica when a primary fails; needs a replica; required in cluster mode."),
        snapshotRetentionDays: z.int().min(0).max(CACHE_LIMITS.maxSnapshotRetentionDays).describe("Daily snapshots kept, days; 0 is none (seed: 7)."),
        snapshotWindow: dailyWindow(60).describe("Daily snapshot window, UTC; must not overlap the maintenance window."),
        maintenanceWindow: weeklyWindow(60).describe("Weekly maintenance window, UTC (seed: sun:03:00-sun:04:00)."),
        applyImmediately: applyImmediatelyField("ElastiCache"),
        port: port.default(CACHE_DEFAULT_PORT).describe("Port the cache listens on; the cache security group opens it to the services that read the cache secret."),
        appUsername: z
            .string()
            .regex(/^[a-zA-Z][a-zA-Z0-9-]{0,39}$/, "must be 1-40 letters, digits or hyphens, starting with a letter")
            .describe("User name the application authenticates as (RBAC)."),
        accessString: z.string().min(1).default(DEFAULT_APP_ACCESS_STRING).describe("The application user's ACL: the seed's key prefixes, no dangerous commands."),
        logRetentionInDays: logRetentionDays.describe("Retention of the slow and engine logs."),
        passwordRotationDays: z.int().min(SECRET_ROTATION_DAYS.min).max(SECRET_ROTATION_DAYS.max).default(DEFAULT_ROTATION_DAYS).describe("Days between rotations of the application user's password (seed: 30)."),
    })
    .describe("Valkey / Redis on ElastiCache (seed 10.2.3).");

export type CacheSettings = z.output<typeof cacheSchema>;
const shape = cacheSchema.shape;

const topology = sectionRule({
    description: "the topology is one ElastiCache accepts",
    needs: z.object({ clusterMode: shape.clusterMode, shards: shape.shards, replicasPerShard: shape.replicasPerShard, multiAz: shape.multiAz, automaticFailover: shape.automaticFailover }),
    check: (v): RuleIssue[] => [
        ...(v.clusterMode === "disabled" && v.shards !== 1 ? [{ path: ["shards"], message: `is ${v.shards}, but cluster mode is disabled: one shard only (enable cluster mode for more)` }] : []),
        ...(v.clusterMode === "enabled" && !v.automaticFailover ? [{ path: ["automaticFailover"], message: "is false, but cluster mode requires automatic failover" }] : []),
        ...(v.automaticFailover && v.replicasPerShard === 0 ? [{ path: ["replicasPerShard"], message: "is 0, but automatic failover needs at least one replica to promote" }] : []),
        ...(v.multiAz && !v.automaticFailover ? [{ path: ["multiAz"], message: "is true, but Multi-AZ needs automatic failover" }] : []),
    ],
});

const engineVersion = sectionRule({
    description: "the engine version exists for the engine",
    needs: z.object({ engine: shape.engine, engineVersion: shape.engineVersion }),
    check: (v) => {
        const versions = Object.keys(CACHE_ENGINE_VERSIONS[v.engine]);
        return versions.includes(v.engineVersion) ? [] : [{ path: ["engineVersion"], message: `is ${JSON.stringify(v.engineVersion)}; ${v.engine} versions here: ${versions.join(", ")}` }];
    },
});

const production = sectionRule({
    description: "production fails over across zones (seed 10.2.3)",
    reads: ["environment"],
    needs: z.object({ multiAz: shape.multiAz, automaticFailover: shape.automaticFailover }),
    check: (v, { environment }): RuleIssue[] =>
        environment !== "production"
            ? []
            : [
                  ...(!v.automaticFailover ? [{ path: ["automaticFailover"], message: "is false in production; the seed requires automatic failover" }] : []),
                  ...(!v.multiAz ? [{ path: ["multiAz"], message: "is false in production; replicas must be in other zones" }] : []),
              ],
});

const windows = sectionRule({
    description: "the snapshot and maintenance windows do not overlap",
    needs: z.object({ snapshotWindow: shape.snapshotWindow, maintenanceWindow: shape.maintenanceWindow }),
    check: (v) => (dailyOverlapsWeekly(v.snapshotWindow, v.maintenanceWindow) ? [{ path: ["snapshotWindow"], message: `${v.snapshotWindow} overlaps the maintenance window ${v.maintenanceWindow}` }] : []),
});

const notDefaultUser = sectionRule({
    description: "the application user is not `default`",
    needs: z.object({ appUsername: shape.appUsername }),
    check: (v) => (v.appUsername.toLowerCase() === "default" ? [{ path: ["appUsername"], message: "is default, the user every ElastiCache user group disables here; choose the application's own name" }] : []),
});

const realNodeType = sectionRule({
    description: "the node type is one ElastiCache creates",
    needs: z.object({ nodeType: shape.nodeType }),
    check: (v) =>
        isCacheNodeType(v.nodeType)
            ? []
            : [{ path: ["nodeType"], message: `is ${v.nodeType}, not an ElastiCache node type; families here: ${Object.keys(CACHE_NODE_TYPES).map((f) => `cache.${f}`).join(", ")} (sizes in components/data/cache-engine.ts)` }],
});

const narrowAccess = sectionRule({
    description: "outside dev, the application user has a password and neither every key nor every command",
    reads: ["environment"],
    needs: z.object({ accessString: shape.accessString }),
    check: (v, { environment }) => {
        if (environment === "dev") return [];
        const grants = broadAccessGrants(v.accessString);
        return grants.length === 0
            ? []
            : [{ path: ["accessString"], message: `grants ${grants.join(", ")} in ${environment}; only dev may: name key prefixes (~events:*) and take the dangerous commands away (-@dangerous)` }];
    },
});

export const cacheSection = defineSection({
    key: "cache",
    summary: "Valkey / Redis on ElastiCache (seed 10.2.3): engine, topology, encryption, RBAC users, snapshots, logs, rotation.",
    schema: cacheSchema,
    rules: [engineVersion, realNodeType, topology, production, windows, notDefaultUser, narrowAccess],
    derive: (parsed, platform) => ({ ...parsed, applyImmediately: applyImmediatelyFor(platform.environment, parsed.applyImmediately) }),
});
