// The cache as the application uses it: the cluster (cache-cluster.ts), the application user's
// secret (seed §10.2.6 shape plus tls and clusterMode; in cluster mode the host is the
// configuration endpoint), and the rotation of its password every 30 days by a function of ours
// (AWS publishes no deployable ElastiCache user rotation).
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { PlatformSecret } from "../secrets/platform-secret";
import { GENERATE_PASSWORDS, RedeployedService, RotationFunction } from "../secrets/rotation-function";
import { AlarmNotifications } from "../observability/alarm-actions";
import { LogRetentionDays } from "../shared/logs";
import { childName, physicalName } from "../shared/naming";
import { CacheCluster, CacheClusterArgs, CacheSizing } from "./cache-cluster";

/** The JSON keys of the cache secret (seed §10.2.6 shape plus tls and clusterMode). */
export const CACHE_SECRET_KEYS = ["host", "port", "username", "password", "tls", "clusterMode"] as const;

export interface CacheArgs extends Omit<CacheClusterArgs, "appUserPassword" | "defaultUserPassword"> {
    readonly region: string;
    /** hse/<env>/cache */
    readonly secretName: string;
    readonly secretsKeyArn: pulumi.Input<string>;
    readonly recoveryWindowInDays: number;
    readonly rotationDays: number;
    readonly functionSubnetIds: pulumi.Input<string>[];
    readonly functionSecurityGroupIds: pulumi.Input<string>[];
    readonly functionLogRetentionInDays: LogRetentionDays;
    /** Services to redeploy after a rotation (none until the services tier exists). */
    readonly redeployServices?: readonly RedeployedService[];
    /** Who the component's alarms notify on alarm and on recovery (the alerts topic); none if not given. */
    readonly notifications?: AlarmNotifications;
}

/** Passwords ElastiCache accepts: 16-128 printable characters without @, " or /. */
function cachePassword(name: string, parent: pulumi.Resource): pulumi.Output<string> {
    return new random.RandomPassword(name, {
        length: 32,
        special: true,
        overrideSpecial: "!#$%&*()-_=+[]{}<>?",
        minLower: 1,
        minUpper: 1,
        minNumeric: 1,
    }, { parent }).result;
}

export class Cache extends pulumi.ComponentResource {
    readonly host: pulumi.Output<string>;
    readonly port: number;
    readonly replicationGroupId: pulumi.Output<string>;
    readonly secretArn: pulumi.Output<string>;
    readonly appUserId: string;
    readonly rotationFunctionName: pulumi.Output<string>;
    readonly sizing: CacheSizing;

    constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:data:Cache", name, {}, opts);
        const appUserPassword = cachePassword(childName(name, "app-initial-password"), this);
        const cluster = new CacheCluster(childName(name, "cluster"), {
            ...args,
            appUserPassword,
            defaultUserPassword: cachePassword(childName(name, "default-user-password"), this),
        }, { parent: this });

        const secret = new PlatformSecret(childName(name, "secret"), {
            secretName: args.secretName,
            description: `Application user of the ${args.engine} cache ${args.replicationGroupId}; rotated by ${args.namePrefix}'s ElastiCache user rotation`,
            kmsKeyArn: args.secretsKeyArn,
            recoveryWindowInDays: args.recoveryWindowInDays,
            protect: args.protect,
            initialValue: pulumi.jsonStringify({
                host: cluster.host,
                port: args.port,
                username: args.appUser.userName,
                password: appUserPassword,
                tls: true,
                clusterMode: args.clusterMode === "enabled",
            }),
        }, { parent: this });

        const rotation = new RotationFunction(childName(name, "rotation"), {
            namePrefix: args.namePrefix,
            region: args.region,
            behaviour: "elasticache-user",
            functionName: physicalName(args.namePrefix, "rotate-cache-user", 64),
            description: `rotates the password of ElastiCache user ${args.appUser.userId}`,
            secretArns: [secret.arn],
            secretsKeyArn: args.secretsKeyArn,
            rotationDays: args.rotationDays,
            statements: [
                GENERATE_PASSWORDS,
                { sid: "ChangeThePasswordsOfItsUser", actions: ["elasticache:ModifyUser"], resources: [cluster.appUserArn] },
                // DescribeUsers takes no resource (ElastiCache service authorization reference).
                { sid: "WatchItsUser", actions: ["elasticache:DescribeUsers"], resources: ["*"] },
            ],
            environment: { ELASTICACHE_USER_ID: args.appUser.userId },
            redeployServices: args.redeployServices,
            subnetIds: args.functionSubnetIds,
            securityGroupIds: args.functionSecurityGroupIds,
            logsKeyArn: args.logsKeyArn,
            logRetentionInDays: args.functionLogRetentionInDays,
            protect: args.protect,
            notifications: args.notifications,
            // The ElastiCache user can take minutes to leave "modifying".
            timeoutSeconds: 900,
        }, { parent: this, dependsOn: secret.initialVersion ? [secret.initialVersion, cluster] : [cluster] });

        this.host = cluster.host;
        this.port = args.port;
        this.replicationGroupId = cluster.replicationGroupId;
        this.secretArn = secret.arn;
        this.appUserId = args.appUser.userId;
        this.rotationFunctionName = rotation.functionName;
        this.sizing = cluster.sizing;
        this.registerOutputs({ host: this.host, secretArn: this.secretArn });
    }
}
