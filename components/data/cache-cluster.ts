// Valkey (or Redis OSS) on ElastiCache: a replication group in the database subnets, cluster
// mode with shards and replicas (or one primary with replicas), encryption in transit
// (required) and at rest (data key), access only by RBAC users (the `default` user disabled, an
// application user with a least-privilege access string), slow and engine logs in encrypted log
// groups, daily snapshots, failover across zones.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "../shared/log-group";
import { LogRetentionDays } from "../shared/logs";
import { childName } from "../shared/naming";
import { stateful } from "../shared/protection";
import { CACHE_ENGINE_VERSIONS, CacheClusterMode, CacheEngine } from "./cache-engine";

const LOG_TYPES = ["slow-log", "engine-log"] as const;

export interface CacheClusterArgs {
    readonly namePrefix: string;
    /** Replication group id (also the user group id): at most 40 characters. */
    readonly replicationGroupId: string;
    readonly engine: CacheEngine;
    readonly engineVersion: string;
    readonly nodeType: string;
    readonly port: number;
    readonly clusterMode: CacheClusterMode;
    /** Cluster mode only: node groups. */
    readonly shards: number;
    readonly replicasPerShard: number;
    readonly multiAz: boolean;
    readonly automaticFailover: boolean;
    readonly snapshotRetentionDays: number;
    /** "hh24:mi-hh24:mi" UTC. */
    readonly snapshotWindow: string;
    /** "ddd:hh24:mi-ddd:hh24:mi" UTC. */
    readonly maintenanceWindow: string;
    /**
     * Modifications ElastiCache would hold for the maintenance window (node type, engine
     * version, ...) are made at once instead; a node type change may then fail over mid-day.
     */
    readonly applyImmediately: boolean;
    readonly appUser: { readonly userId: string; readonly userName: string; readonly accessString: string };
    /** The application user's first password (a Pulumi secret); rotation owns it afterwards. */
    readonly appUserPassword: pulumi.Input<string>;
    /** A password for the disabled `default` user (a Valkey user group admits password users only). */
    readonly defaultUserPassword: pulumi.Input<string>;
    readonly defaultUserId: string;
    readonly subnetGroupName: pulumi.Input<string>;
    readonly securityGroupIds: pulumi.Input<string>[];
    readonly dataKeyArn: pulumi.Input<string>;
    readonly logsKeyArn: pulumi.Input<string>;
    readonly logRetentionInDays: LogRetentionDays;
    readonly protect: boolean;
}

/** What the replication group costs by: the values its inputs are built from (the `sizing` stack output). */
export interface CacheSizing {
    readonly engine: CacheEngine;
    readonly nodeType: string;
    readonly clusterMode: CacheClusterMode;
    /** Node groups: 1 without cluster mode. */
    readonly shards: number;
    readonly replicasPerShard: number;
    /** Nodes billed: shards x (1 + replicas). */
    readonly nodes: number;
    readonly multiAz: boolean;
    readonly snapshotRetentionDays: number;
}

/** The sizing of a replication group with these arguments; the group is declared from the same object. */
export function cacheSizing(args: CacheClusterArgs): CacheSizing {
    const shards = args.clusterMode === "enabled" ? args.shards : 1;
    return {
        engine: args.engine,
        nodeType: args.nodeType,
        clusterMode: args.clusterMode,
        shards,
        replicasPerShard: args.replicasPerShard,
        nodes: shards * (1 + args.replicasPerShard),
        multiAz: args.multiAz,
        snapshotRetentionDays: args.snapshotRetentionDays,
    };
}

export class CacheCluster extends pulumi.ComponentResource {
    readonly sizing: CacheSizing;
    /** The configuration endpoint in cluster mode, else the primary endpoint. */
    readonly host: pulumi.Output<string>;
    readonly port: number;
    readonly replicationGroupId: pulumi.Output<string>;
    readonly appUserArn: pulumi.Output<string>;
    readonly appUserId: string;
    readonly userGroupId: pulumi.Output<string>;

    constructor(name: string, args: CacheClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:data:CacheCluster", name, {}, opts);
        const family = (CACHE_ENGINE_VERSIONS[args.engine] as Record<string, string>)[args.engineVersion];
        const sizing = cacheSizing(args);
        this.sizing = sizing;
        const clustered = sizing.clusterMode === "enabled";

        const parameters = new aws.elasticache.ParameterGroup(childName(name, "parameters"), {
            family,
            description: `${args.replicationGroupId}: ${clustered ? "cluster mode" : "single shard"}`,
            parameters: [{ name: "cluster-enabled", value: clustered ? "yes" : "no" }],
        }, { parent: this });

        // The `default` user exists in every user group; here it can do nothing at all.
        const defaultUser = new aws.elasticache.User(childName(name, "default-user"), {
            userId: args.defaultUserId,
            userName: "default",
            engine: args.engine,
            accessString: "off -@all",
            authenticationMode: { type: "password", passwords: [args.defaultUserPassword] },
        }, { parent: this });
        const appUser = new aws.elasticache.User(childName(name, "app-user"), {
            userId: args.appUser.userId,
            userName: args.appUser.userName,
            engine: args.engine,
            accessString: args.appUser.accessString,
            authenticationMode: { type: "password", passwords: [args.appUserPassword] },
        }, { parent: this, ignoreChanges: ["authenticationMode", "passwords"] });
        const userGroup = new aws.elasticache.UserGroup(childName(name, "users"), {
            userGroupId: args.replicationGroupId,
            engine: args.engine,
            userIds: [defaultUser.userId, appUser.userId],
        }, { parent: this });

        const logGroups = LOG_TYPES.map((logType) =>
            encryptedLogGroup(childName(name, logType), {
                namePrefix: `/${args.namePrefix}/elasticache/${args.replicationGroupId}/${logType}-`,
                retentionInDays: args.logRetentionInDays,
                kmsKeyArn: args.logsKeyArn,
                protect: args.protect,
            }, { parent: this }),
        );

        const group = new aws.elasticache.ReplicationGroup(childName(name, "replication-group"), {
            replicationGroupId: args.replicationGroupId,
            description: `Queues and caches of ${args.namePrefix} (seed 10.2.3)`,
            engine: args.engine,
            engineVersion: args.engineVersion,
            nodeType: sizing.nodeType,
            port: args.port,
            parameterGroupName: parameters.name,
            subnetGroupName: args.subnetGroupName,
            securityGroupIds: args.securityGroupIds,
            clusterMode: args.clusterMode,
            ...(clustered
                ? { numNodeGroups: sizing.shards, replicasPerNodeGroup: sizing.replicasPerShard }
                : { numCacheClusters: sizing.nodes }),
            automaticFailoverEnabled: args.automaticFailover,
            multiAzEnabled: sizing.multiAz,
            transitEncryptionEnabled: true,
            transitEncryptionMode: "required",
            atRestEncryptionEnabled: true,
            kmsKeyId: args.dataKeyArn,
            userGroupIds: [userGroup.userGroupId],
            snapshotRetentionLimit: sizing.snapshotRetentionDays,
            snapshotWindow: args.snapshotWindow,
            maintenanceWindow: args.maintenanceWindow,
            applyImmediately: args.applyImmediately,
            autoMinorVersionUpgrade: true,
            finalSnapshotIdentifier: args.protect ? `${args.replicationGroupId}-final` : undefined,
            logDeliveryConfigurations: logGroups.map((g, i) => ({
                destination: g.name,
                destinationType: "cloudwatch-logs",
                logFormat: "json",
                logType: LOG_TYPES[i],
            })),
            tags: { Name: args.replicationGroupId },
        }, { parent: this, ...stateful(args.protect) });

        this.host = (clustered ? group.configurationEndpointAddress : group.primaryEndpointAddress);
        this.port = args.port;
        this.replicationGroupId = group.replicationGroupId;
        this.appUserArn = appUser.arn;
        this.appUserId = args.appUser.userId;
        this.userGroupId = userGroup.userGroupId;
        this.registerOutputs({ host: this.host, replicationGroupId: this.replicationGroupId });
    }
}
