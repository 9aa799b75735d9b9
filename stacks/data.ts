// Wiring of the data tier: PostgreSQL on RDS with the application's user, TimescaleDB (an
// instance of ours or an external service), and the Valkey/Redis cache, each with its secret
// and rotation. Receives the keys and the network; returns what the services need to read.
import * as pulumi from "@pulumi/pulumi";
import { Cache, CACHE_SECRET_KEYS } from "../components/data/cache";
import { PostgresDatabase } from "../components/data/postgres";
import { DATABASE_SECRET_KEYS, PostgresAppUser } from "../components/data/postgres-app-user";
import { SelfManagedTimescale } from "../components/data/timescale";
import { ExternalTimescale } from "../components/data/timescale-external";
import { secretName } from "../components/secrets/platform-secret";
import { ConnectionOf, SecretConnections } from "../components/secrets/secret-connection";
import { physicalName } from "../components/shared/naming";
import { LoggedBucket } from "../components/shared/server-access-logs";
import { TIMESCALE_PASSWORD_KEY } from "./config/timescale";
import { awsCallerOf, createAwsProvider, TierContext } from "./context";
import { KeysTier } from "./keys";
import { functionPlacement, NetworkTier } from "./network";
import { servicesReading } from "./service-names";
import { SecretReference, TierHandle } from "./tier";

export interface DataTier extends TierHandle {
    readonly postgres: { readonly identifier: pulumi.Output<string>; readonly address: pulumi.Output<string>; readonly port: pulumi.Output<number>; readonly database: string; readonly secret: SecretReference; readonly masterSecretArn: pulumi.Output<string> };
    readonly timescale: { readonly host: pulumi.Output<string>; readonly port: number; readonly database: string; readonly secret: SecretReference };
    readonly cache: { readonly replicationGroupId: pulumi.Output<string>; readonly host: pulumi.Output<string>; readonly port: number; readonly secret: SecretReference; readonly rotationFunctionName: pulumi.Output<string> };
    /** The tier's S3 buckets, whose requests the access-log bucket records. */
    readonly buckets: readonly LoggedBucket[];
}

export function buildDataTier(context: TierContext, { keys, network }: { keys: KeysTier; network: NetworkTier }): DataTier {
    const postgres = buildPostgres(context, keys, network);
    const timescale = buildTimescale(context, keys, network);
    const cache = buildCache(context, keys, network);
    const placement = functionPlacement(network);
    // The stack owns the connection fields of the rotated secrets, rotation their passwords.
    new SecretConnections(`${context.namePrefix}-secret-connections`, {
        namePrefix: context.namePrefix,
        region: context.config.region,
        secrets: [postgres.connection, ...timescale.connections, cache.connection],
        secretsKeyArn: keys.secrets.arn,
        subnetIds: placement.subnetIds,
        securityGroupIds: placement.securityGroupIds,
        logsKeyArn: keys.logs.arn,
        logRetentionInDays: context.config.secrets.functionLogRetentionInDays,
        protect: context.config.protectStatefulResources,
        notifications: context.notifications,
    }, { providers: [context.providers.aws] });
    return {
        postgres: postgres.handle,
        timescale: timescale.handle,
        cache: cache.handle,
        buckets: timescale.buckets,
        outputs: {
            postgres: postgres.outputs,
            timescale: timescale.outputs,
            cache: cache.outputs,
            // What the tier costs by, as its components declared it (docs/outputs.md).
            sizing: { postgres: postgres.sizing, timescale: timescale.sizing, cache: cache.sizing },
        },
    };
}

function buildPostgres({ config, namePrefix, providers, notifications }: TierContext, keys: KeysTier, network: NetworkTier) {
    const settings = config.postgres;
    const opts = { providers: [providers.aws] };
    const protect = config.protectStatefulResources;
    const dr = settings.disasterRecovery;
    const database = new PostgresDatabase(`${namePrefix}-postgres`, {
        namePrefix,
        identifier: physicalName(namePrefix, "postgres", 63),
        engineVersion: settings.engineVersion,
        autoMinorVersionUpgrade: settings.autoMinorVersionUpgrade,
        allowMajorVersionUpgrade: settings.allowMajorVersionUpgrade,
        instanceClass: settings.instanceClass,
        storage: { allocatedGb: settings.allocatedStorageGb, maxAllocatedGb: settings.maxAllocatedStorageGb, iops: settings.iops, throughputMibps: settings.storageThroughputMibps },
        multiAz: settings.multiAz,
        port: settings.port,
        masterUsername: settings.masterUsername,
        tuning: settings,
        backupRetentionDays: settings.backupRetentionDays,
        backupWindow: settings.backupWindow,
        maintenanceWindow: settings.maintenanceWindow,
        applyImmediately: settings.applyImmediately,
        caCertificate: settings.caCertificate,
        performanceInsights: settings.performanceInsights,
        monitoringIntervalSeconds: settings.monitoringIntervalSeconds,
        logRetentionInDays: settings.logRetentionInDays,
        masterPasswordRotationDays: settings.passwordRotationDays,
        subnetGroupName: network.subnetGroups.database,
        securityGroupIds: [network.securityGroupIds.database],
        dataKeyArn: keys.data.arn,
        secretsKeyArn: keys.secrets.arn,
        logsKeyArn: keys.logs.arn,
        protect,
        disasterRecovery: dr && { provider: createAwsProvider(config, dr.region), region: dr.region, retentionDays: dr.retentionDays },
    }, opts);

    const placement = functionPlacement(network);
    const appUser = new PostgresAppUser(`${namePrefix}-postgres-app-user`, {
        namePrefix,
        region: config.region,
        secretName: secretName(config.environment, "postgres"),
        database: settings.databaseName,
        role: settings.appUsername,
        schema: settings.schema,
        extensions: settings.extensions,
        host: database.address,
        port: database.port,
        masterSecretArn: database.masterSecretArn,
        secretsKeyArn: keys.secrets.arn,
        logsKeyArn: keys.logs.arn,
        recoveryWindowInDays: config.secrets.recoveryWindowInDays,
        rotationDays: settings.passwordRotationDays,
        subnetIds: placement.subnetIds,
        functionSecurityGroupIds: placement.securityGroupIds,
        logRetentionInDays: settings.logRetentionInDays,
        protect,
        notifications,
    }, { ...opts, dependsOn: [database] });

    const connection: ConnectionOf = { name: "postgres", secretArn: appUser.secretArn, fields: { host: database.address, port: database.port, dbname: settings.databaseName }, after: appUser };
    return {
        connection,
        sizing: database.sizing,
        handle: { identifier: database.identifier, address: database.address, port: database.port, database: settings.databaseName, secret: { arn: appUser.secretArn, keys: DATABASE_SECRET_KEYS }, masterSecretArn: database.masterSecretArn },
        outputs: {
            identifier: database.identifier,
            address: database.address,
            port: database.port,
            databaseName: settings.databaseName,
            appSecretArn: appUser.secretArn,
            masterSecretArn: database.masterSecretArn,
            backupReplication: dr ? { region: dr.region, retentionDays: dr.retentionDays } : null,
        },
    };
}

function buildTimescale({ config, namePrefix, providers, notifications }: TierContext, keys: KeysTier, network: NetworkTier) {
    const settings = config.timescale;
    const opts = { providers: [providers.aws] };
    const protect = config.protectStatefulResources;
    if (settings.mode === "external") {
        const password = config.secretValues[TIMESCALE_PASSWORD_KEY];
        const external = new ExternalTimescale(`${namePrefix}-timescale`, {
            environment: config.environment,
            host: settings.host,
            port: settings.port,
            database: settings.database,
            username: settings.appUsername,
            secretArn: settings.secretArn,
            password: password === undefined ? undefined : pulumi.secret(password),
            secretsKeyArn: keys.secrets.arn,
            recoveryWindowInDays: config.secrets.recoveryWindowInDays,
            protect,
        }, opts);
        return {
            // The stack writes the whole secret of an external service (nobody rotates it).
            connections: [],
            // Not ours to size: the service runs elsewhere.
            sizing: { mode: "external" as const },
            handle: { host: pulumi.output(external.host), port: external.port, database: external.database, secret: { arn: external.appSecretArn, keys: DATABASE_SECRET_KEYS } },
            buckets: [],
            outputs: { mode: "external", host: external.host, port: external.port, databaseName: external.database, appSecretArn: external.appSecretArn },
        };
    }
    const placement = functionPlacement(network);
    const timescale = new SelfManagedTimescale(`${namePrefix}-timescale`, {
        namePrefix,
        environment: config.environment,
        region: config.region,
        instanceType: settings.instanceType,
        dataVolume: settings.dataVolume,
        postgresMajor: settings.postgresMajor,
        timescaledbVersion: settings.timescaledbVersion,
        port: settings.port,
        database: settings.database,
        adminUsername: settings.adminUsername,
        appUsername: settings.appUsername,
        // Private subnet of the first zone: packages through NAT, clients from the private subnets.
        subnetId: network.subnetIds.private[0],
        availabilityZone: network.availabilityZones[0],
        // Its own group only: the database group is RDS's, so a reader of PostgreSQL's secret does
        // not reach TimescaleDB on the same port (decision 0039).
        securityGroupIds: [network.securityGroupIds["database-host"]],
        allowedCidrs: network.privateSubnetCidrs,
        dataKeyArn: keys.data.arn,
        secretsKeyArn: keys.secrets.arn,
        fullBackupsKept: settings.fullBackupsKept,
        backupNoncurrentVersionDays: settings.backupNoncurrentVersionDays,
        snapshotsKept: settings.snapshotsKept,
        recoveryWindowInDays: config.secrets.recoveryWindowInDays,
        rotationDays: settings.passwordRotationDays,
        functionSubnetIds: placement.subnetIds,
        functionSecurityGroupIds: placement.securityGroupIds,
        logsKeyArn: keys.logs.arn,
        functionLogRetentionInDays: config.secrets.functionLogRetentionInDays,
        protect,
        notifications,
    }, opts);
    // Rotation owns the users' passwords; the address, port, database and CA are the stack's.
    const fields = { host: timescale.host, port: timescale.port, caCertificate: timescale.caCertificate };
    const connections: ConnectionOf[] = [
        { name: "timescale", secretArn: timescale.appSecretArn, fields: { ...fields, dbname: timescale.database }, after: timescale },
        { name: "timescale-admin", secretArn: timescale.adminSecretArn, fields: { ...fields, dbname: "postgres" }, after: timescale },
    ];
    return {
        connections,
        sizing: { mode: "self-managed" as const, ...timescale.sizing },
        handle: { host: timescale.host, port: timescale.port, database: timescale.database, secret: { arn: timescale.appSecretArn, keys: DATABASE_SECRET_KEYS } },
        buckets: [{ name: "timescale-backups", bucket: timescale.backupBucketName }],
        outputs: {
            mode: "self-managed",
            host: timescale.host,
            port: timescale.port,
            databaseName: timescale.database,
            appSecretArn: timescale.appSecretArn,
            adminSecretArn: timescale.adminSecretArn,
            instanceId: timescale.instanceId,
            dataVolumeId: timescale.volumeId,
            backupBucket: timescale.backupBucketName,
            // The CA that signed the server's certificate: clients verify the server with it (also in the secrets, caCertificate).
            caCertificate: timescale.caCertificate,
        },
    };
}

function buildCache({ config, namePrefix, providers, notifications }: TierContext, keys: KeysTier, network: NetworkTier) {
    const settings = config.cache;
    const placement = functionPlacement(network);
    const replicationGroupId = physicalName(namePrefix, "cache", 40);
    const cache = new Cache(`${namePrefix}-cache`, {
        namePrefix,
        region: config.region,
        replicationGroupId,
        engine: settings.engine,
        engineVersion: settings.engineVersion,
        nodeType: settings.nodeType,
        port: settings.port,
        clusterMode: settings.clusterMode,
        shards: settings.shards,
        replicasPerShard: settings.replicasPerShard,
        multiAz: settings.multiAz,
        automaticFailover: settings.automaticFailover,
        snapshotRetentionDays: settings.snapshotRetentionDays,
        snapshotWindow: settings.snapshotWindow,
        maintenanceWindow: settings.maintenanceWindow,
        applyImmediately: settings.applyImmediately,
        // User ids are unique per account and region: the prefix keeps environments apart.
        appUser: { userId: physicalName(namePrefix, "app", 40), userName: settings.appUsername, accessString: settings.accessString },
        defaultUserId: physicalName(namePrefix, "default", 40),
        subnetGroupName: network.subnetGroups.cache,
        securityGroupIds: [network.securityGroupIds.redis],
        dataKeyArn: keys.data.arn,
        logsKeyArn: keys.logs.arn,
        logRetentionInDays: settings.logRetentionInDays,
        secretName: secretName(config.environment, "cache"),
        secretsKeyArn: keys.secrets.arn,
        recoveryWindowInDays: config.secrets.recoveryWindowInDays,
        rotationDays: settings.passwordRotationDays,
        functionSubnetIds: placement.subnetIds,
        functionSecurityGroupIds: placement.securityGroupIds,
        functionLogRetentionInDays: settings.logRetentionInDays,
        notifications,
        redeployServices: servicesReading(config, "cache", awsCallerOf(providers.aws)),
        protect: config.protectStatefulResources,
    }, { providers: [providers.aws] });
    const connection: ConnectionOf = { name: "cache", secretArn: cache.secretArn, fields: { host: cache.host, port: cache.port, tls: true, clusterMode: settings.clusterMode === "enabled" }, after: cache };
    return {
        connection,
        sizing: cache.sizing,
        handle: { replicationGroupId: cache.replicationGroupId, host: cache.host, port: cache.port, secret: { arn: cache.secretArn, keys: CACHE_SECRET_KEYS }, rotationFunctionName: cache.rotationFunctionName },
        outputs: { engine: settings.engine, host: cache.host, port: cache.port, clusterMode: settings.clusterMode, replicationGroupId: cache.replicationGroupId, appSecretArn: cache.secretArn },
    };
}
