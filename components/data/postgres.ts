// PostgreSQL on RDS for the monolith's relational data: encrypted gp3 storage with autoscaling,
// the parameter group of its engine family, the master password managed by RDS in Secrets
// Manager (rotated on our schedule), IAM authentication, TLS only, Enhanced Monitoring,
// Performance Insights, logs exported to encrypted log groups, protection in production and,
// when asked, automated backups replicated to a second region.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { declareKey } from "../keys/encryption-keys";
import { keyPolicyStatements } from "../keys/key-policies";
import { serviceTrustJson } from "../shared/iam";
import { encryptedLogGroup } from "../shared/log-group";
import { LogRetentionDays } from "../shared/logs";
import { childName } from "../shared/naming";
import { stateful } from "../shared/protection";
import { POSTGRES_ENGINE_VERSIONS, POSTGRES_LOG_EXPORTS, PostgresEngineVersion } from "./postgres-engine";
import { postgresParameters, PostgresTuning } from "./postgres-parameters";

export interface PostgresStorage {
    readonly allocatedGb: number;
    /** Storage autoscaling ceiling, above allocatedGb. */
    readonly maxAllocatedGb: number;
    /** Only from 400 GiB (gp3 rules); below, RDS gives the 3000 IOPS / 125 MiBps baseline. */
    readonly iops?: number;
    readonly throughputMibps?: number;
}

export interface DisasterRecovery {
    /** A provider for the second region. */
    readonly provider: aws.Provider;
    readonly region: string;
    readonly retentionDays: number;
}

export interface PostgresArgs {
    readonly namePrefix: string;
    /** DB instance identifier: 1-63 letters, digits, hyphens. */
    readonly identifier: string;
    /** A major alone ("17") needs autoMinorVersionUpgrade; a minor ("17.9") is pinned without it. */
    readonly engineVersion: PostgresEngineVersion;
    readonly autoMinorVersionUpgrade: boolean;
    /** A change of major upgrades in place (the parameter group's family follows); else RDS refuses it. */
    readonly allowMajorVersionUpgrade: boolean;
    readonly instanceClass: string;
    readonly storage: PostgresStorage;
    readonly multiAz: boolean;
    readonly port: number;
    readonly masterUsername: string;
    readonly tuning: PostgresTuning;
    readonly backupRetentionDays: number;
    /** "hh24:mi-hh24:mi" UTC, not overlapping the maintenance window. */
    readonly backupWindow: string;
    /** "ddd:hh24:mi-ddd:hh24:mi" UTC. */
    readonly maintenanceWindow: string;
    /**
     * Modifications RDS would hold for the maintenance window (instance class, storage, engine
     * version, Multi-AZ, ...) are made at once instead, with the reboot some of them need.
     */
    readonly applyImmediately: boolean;
    readonly caCertificate: string;
    readonly performanceInsights: { readonly enabled: boolean; readonly retentionDays: number };
    readonly monitoringIntervalSeconds: number;
    readonly logRetentionInDays: LogRetentionDays;
    /** Days between rotations of the RDS-managed master password (RDS's default is 7). */
    readonly masterPasswordRotationDays: number;
    readonly subnetGroupName: pulumi.Input<string>;
    readonly securityGroupIds: pulumi.Input<string>[];
    readonly dataKeyArn: pulumi.Input<string>;
    readonly secretsKeyArn: pulumi.Input<string>;
    readonly logsKeyArn: pulumi.Input<string>;
    /** Deletion protection, a final snapshot, kept backups, `protect` and retain on delete. */
    readonly protect: boolean;
    readonly disasterRecovery?: DisasterRecovery;
}

/** What the instance costs by: the values its inputs are built from (the `sizing` stack output). */
export interface PostgresSizing {
    readonly instanceClass: string;
    readonly multiAz: boolean;
    readonly storageType: "gp3";
    readonly allocatedStorageGb: number;
    readonly maxAllocatedStorageGb: number;
    /** null: gp3's baseline (3000 IOPS, 125 MiBps below 400 GiB). */
    readonly iops: number | null;
    readonly storageThroughputMibps: number | null;
    readonly backupRetentionDays: number;
    /** Where automated backups are also kept, or null. */
    readonly backupReplicaRegion: string | null;
    readonly performanceInsightsRetentionDays: number | null;
    readonly monitoringIntervalSeconds: number;
}

/** The sizing of a database with these arguments; the instance is declared from the same object. */
export function postgresSizing(args: PostgresArgs): PostgresSizing {
    return {
        instanceClass: args.instanceClass,
        multiAz: args.multiAz,
        storageType: "gp3",
        allocatedStorageGb: args.storage.allocatedGb,
        maxAllocatedStorageGb: args.storage.maxAllocatedGb,
        iops: args.storage.iops ?? null,
        storageThroughputMibps: args.storage.throughputMibps ?? null,
        backupRetentionDays: args.backupRetentionDays,
        backupReplicaRegion: args.disasterRecovery?.region ?? null,
        performanceInsightsRetentionDays: args.performanceInsights.enabled ? args.performanceInsights.retentionDays : null,
        monitoringIntervalSeconds: args.monitoringIntervalSeconds,
    };
}

export class PostgresDatabase extends pulumi.ComponentResource {
    readonly sizing: PostgresSizing;
    readonly identifier: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    readonly address: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    readonly resourceId: pulumi.Output<string>;
    /** The secret RDS manages for the master user ({username, password}). */
    readonly masterSecretArn: pulumi.Output<string>;
    readonly backupReplicationArn?: pulumi.Output<string>;

    constructor(name: string, args: PostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:data:PostgresDatabase", name, {}, opts);
        const invokeOpts = { parent: this };
        const partition = aws.getPartitionOutput({}, invokeOpts).partition;
        const account = aws.getCallerIdentityOutput({}, invokeOpts).accountId;

        const parameters = new aws.rds.ParameterGroup(childName(name, "parameters"), {
            namePrefix: `${args.identifier}-`,
            family: POSTGRES_ENGINE_VERSIONS[args.engineVersion].family,
            description: `${args.identifier}: seed sizes, TLS only, slow statement and connection logging`,
            parameters: postgresParameters(args.engineVersion, args.tuning),
        }, { parent: this });

        // RDS writes to these exact names; created first so they carry our retention and key.
        const logGroups = POSTGRES_LOG_EXPORTS.map((log) =>
            encryptedLogGroup(childName(name, `${log}-logs`), {
                name: `/aws/rds/instance/${args.identifier}/${log}`,
                retentionInDays: args.logRetentionInDays,
                kmsKeyArn: args.logsKeyArn,
                protect: args.protect,
            }, { parent: this }),
        );

        const sizing = postgresSizing(args);
        this.sizing = sizing;
        const monitoringRole = sizing.monitoringIntervalSeconds > 0 ? this.monitoringRole(name, args, account, partition) : undefined;

        const instance = new aws.rds.Instance(childName(name, "instance"), {
            identifier: args.identifier,
            engine: "postgres",
            engineVersion: args.engineVersion,
            instanceClass: sizing.instanceClass,
            port: args.port,
            storageType: sizing.storageType,
            allocatedStorage: sizing.allocatedStorageGb,
            maxAllocatedStorage: sizing.maxAllocatedStorageGb,
            iops: sizing.iops ?? undefined,
            storageThroughput: sizing.storageThroughputMibps ?? undefined,
            storageEncrypted: true,
            kmsKeyId: args.dataKeyArn,
            username: args.masterUsername,
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: args.secretsKeyArn,
            iamDatabaseAuthenticationEnabled: true,
            publiclyAccessible: false,
            dbSubnetGroupName: args.subnetGroupName,
            vpcSecurityGroupIds: args.securityGroupIds,
            parameterGroupName: parameters.name,
            caCertIdentifier: args.caCertificate,
            multiAz: sizing.multiAz,
            backupRetentionPeriod: sizing.backupRetentionDays,
            backupWindow: args.backupWindow,
            maintenanceWindow: args.maintenanceWindow,
            applyImmediately: args.applyImmediately,
            copyTagsToSnapshot: true,
            autoMinorVersionUpgrade: args.autoMinorVersionUpgrade,
            allowMajorVersionUpgrade: args.allowMajorVersionUpgrade,
            performanceInsightsEnabled: args.performanceInsights.enabled,
            ...(args.performanceInsights.enabled
                ? { performanceInsightsKmsKeyId: args.dataKeyArn, performanceInsightsRetentionPeriod: args.performanceInsights.retentionDays }
                : {}),
            monitoringInterval: sizing.monitoringIntervalSeconds,
            monitoringRoleArn: monitoringRole?.arn,
            enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
            deletionProtection: args.protect,
            skipFinalSnapshot: !args.protect,
            finalSnapshotIdentifier: args.protect ? `${args.identifier}-final` : undefined,
            deleteAutomatedBackups: !args.protect,
            tags: { Name: args.identifier },
        }, { parent: this, dependsOn: logGroups, ...stateful(args.protect) });

        const masterSecretArn = instance.masterUserSecrets.apply((secrets) => secrets[0].secretArn);
        // RDS rotates its managed secret every 7 days unless told otherwise; the seed says 30. Not
        // at once (Secrets Manager's default): the bootstrap function logs in with this secret
        // right after the instance is created, and a password changed under it would fail it
        // (decision 0022; the bootstrap also retries a refused password).
        new aws.secretsmanager.SecretRotation(childName(name, "master-rotation"), {
            secretId: masterSecretArn,
            rotationRules: { automaticallyAfterDays: args.masterPasswordRotationDays },
            rotateImmediately: false,
        }, { parent: this });

        if (args.disasterRecovery) {
            this.backupReplicationArn = this.replicateBackups(name, args, args.disasterRecovery, instance, account, partition);
        }

        this.identifier = instance.identifier;
        this.arn = instance.arn;
        this.address = instance.address;
        this.port = instance.port;
        this.resourceId = instance.resourceId;
        this.masterSecretArn = masterSecretArn;
        this.registerOutputs({ identifier: this.identifier, address: this.address, masterSecretArn });
    }

    /** Enhanced Monitoring's role: RDS's monitoring service, for this account only. */
    private monitoringRole(name: string, args: PostgresArgs, account: pulumi.Output<string>, partition: pulumi.Output<string>): aws.iam.Role {
        const role = new aws.iam.Role(childName(name, "monitoring-role"), {
            description: `Enhanced Monitoring of ${args.identifier}`,
            assumeRolePolicy: serviceTrustJson("monitoring.rds.amazonaws.com", { parent: this }, account),
        }, { parent: this });
        new aws.iam.RolePolicyAttachment(childName(name, "monitoring-policy"), {
            role: role.name,
            // AWS's own policy for exactly this: write OS metrics to the RDSOSMetrics log group.
            policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
        }, { parent: this });
        return role;
    }

    /** Automated backups copied to the second region, encrypted with a key there. */
    private replicateBackups(name: string, args: PostgresArgs, dr: DisasterRecovery, instance: aws.rds.Instance, account: pulumi.Output<string>, partition: pulumi.Output<string>): pulumi.Output<string> {
        const inDrRegion = { parent: this, provider: dr.provider };
        const key = declareKey(childName(name, "backups-dr"), {
            description: `${args.identifier}: automated backups replicated from ${args.namePrefix} into ${dr.region}`,
            policy: aws.iam.getPolicyDocumentOutput({ statements: keyPolicyStatements("rds-backups-replica", { accountId: account, partition, region: dr.region }) }, inDrRegion).json,
            deletionWindowInDays: 30,
            rotationPeriodInDays: 365,
            alias: `alias/${args.namePrefix}-backups-dr`,
            tags: { Name: `${args.namePrefix}-backups-dr`, Purpose: "disaster-recovery" },
            protect: args.protect,
        }, inDrRegion);
        return new aws.rds.InstanceAutomatedBackupsReplication(childName(name, "backups-dr"), {
            sourceDbInstanceArn: instance.arn,
            kmsKeyId: key.arn,
            retentionPeriod: dr.retentionDays,
        }, inDrRegion).id;
    }
}
