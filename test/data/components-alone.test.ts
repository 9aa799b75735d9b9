// Data-tier components built alone, with arguments no stack file uses, and their pure parts.
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { CacheCluster } from "../../components/data/cache-cluster";
import { PostgresDatabase } from "../../components/data/postgres";
import { postgresParameters } from "../../components/data/postgres-parameters";
import { ExternalTimescale } from "../../components/data/timescale-external";
import { PostgresRotation } from "../../components/secrets/postgres-rotation";
import { RotationFunction } from "../../components/secrets/rotation-function";
import { PrivateBucket } from "../../components/shared/private-bucket";
import { VpcFunction } from "../../components/shared/vpc-function";
import { bundleFunction } from "../../components/shared/lambda-code";
import { buildProgram } from "../../offline/build";
import { dailyOverlapsWeekly, parseDailyWindow, parseWeeklyWindow } from "../../stacks/config/windows";
import { D, statementsBySid } from "./types";

const provider = () => ({ providers: [new aws.Provider("hse-test-aws", { region: "us-east-1" })] });
const tuning = { maxConnections: 100, workMemMb: 8, slowStatementMs: 1000, sharedPreloadLibraries: [] };

const postgresArgs = {
    namePrefix: "hse-test",
    identifier: "hse-test-postgres",
    engineVersion: "18.3" as const,
    autoMinorVersionUpgrade: false,
    allowMajorVersionUpgrade: true,
    instanceClass: "db.t4g.micro",
    storage: { allocatedGb: 20, maxAllocatedGb: 40 },
    multiAz: false,
    port: 6543,
    masterUsername: "owner",
    tuning,
    backupRetentionDays: 1,
    backupWindow: "01:00-01:30",
    maintenanceWindow: "mon:02:00-mon:02:30",
    applyImmediately: true,
    caCertificate: "rds-ca-ecc384-g1",
    performanceInsights: { enabled: false, retentionDays: 7 },
    monitoringIntervalSeconds: 0,
    logRetentionInDays: 1 as const,
    masterPasswordRotationDays: 7,
    subnetGroupName: "db-subnets",
    securityGroupIds: ["sg-1"],
    dataKeyArn: "arn:data",
    secretsKeyArn: "arn:secrets",
    logsKeyArn: "arn:logs",
    protect: false,
};

describe("data components built alone", () => {
    it("PostgresDatabase on PostgreSQL 18 without monitoring, insights or a second region", async () => {
        const built = await buildProgram(() => {
            new PostgresDatabase("t", postgresArgs, provider());
            return {};
        });
        expect(built.one(D.rdsParams).inputs.family).to.equal("postgres18");
        expect(built.one(D.rdsParams).inputs.parameters).to.deep.include({ name: "log_connections", value: "all", applyMethod: "pending-reboot" });
        expect(built.one(D.rdsParams).inputs.parameters.map((p: { name: string }) => p.name)).to.not.include("shared_preload_libraries");
        expect(built.ofType(D.role)).to.deep.equal([]);
        expect(built.one(D.rds).inputs).to.include({ engineVersion: "18.3", autoMinorVersionUpgrade: false, allowMajorVersionUpgrade: true, applyImmediately: true, monitoringInterval: 0, performanceInsightsEnabled: false, port: 6543, caCertIdentifier: "rds-ca-ecc384-g1" });
        expect(built.one(D.rds).inputs.performanceInsightsKmsKeyId).to.equal(undefined);
        expect(built.ofType(D.backupReplication)).to.deep.equal([]);
        expect(built.one(D.rotation).inputs.rotationRules).to.deep.equal({ automaticallyAfterDays: 7 });
    });

    it("CacheCluster on Redis OSS, one shard with two replicas", async () => {
        const built = await buildProgram(() => {
            new CacheCluster("t", {
                namePrefix: "hse-test", replicationGroupId: "hse-test-cache", engine: "redis", engineVersion: "7.1", nodeType: "cache.t4g.small", port: 6380,
                clusterMode: "disabled", shards: 1, replicasPerShard: 2, multiAz: true, automaticFailover: true, snapshotRetentionDays: 0,
                snapshotWindow: "01:00-02:00", maintenanceWindow: "mon:03:00-mon:04:00", applyImmediately: false,
                appUser: { userId: "hse-test-app", userName: "app", accessString: "on ~* +@read" }, appUserPassword: "p".repeat(20), defaultUserPassword: "d".repeat(20), defaultUserId: "hse-test-default",
                subnetGroupName: "cache-subnets", securityGroupIds: ["sg-1"], dataKeyArn: "arn:data", logsKeyArn: "arn:logs", logRetentionInDays: 1, protect: false,
            }, provider());
            return {};
        });
        expect(built.one(D.cacheParams).inputs.family).to.equal("redis7");
        expect(built.one(D.replicationGroup).inputs).to.include({ engine: "redis", numCacheClusters: 3, port: 6380, multiAzEnabled: true, automaticFailoverEnabled: true, snapshotRetentionLimit: 0, applyImmediately: false });
        expect(built.ofType(D.cacheUser).map((u) => u.inputs.engine)).to.deep.equal(["redis", "redis"]);
    });

    it("PostgresRotation refuses multi-user rotation without a master secret", async () => {
        const failure = await buildProgram(() => {
            new PostgresRotation("t", { strategy: "multiUser", functionName: "f", region: "us-east-1", secretArn: "arn:s", kmsKeyArn: "arn:k", subnetIds: [], securityGroupIds: [], rotationDays: 30, logs: { retentionInDays: 1, kmsKeyArn: "arn:logs", protect: false } }, provider());
            return {};
        }).then(() => undefined, (e: Error) => e.message);
        expect(failure).to.match(/multi-user rotation needs the master secret/);
    });

    it("ExternalTimescale wants exactly one of a secret ARN and a password", async () => {
        for (const extra of [{}, { secretArn: "arn:x", password: "p" }]) {
            const failure = await buildProgram(() => {
                new ExternalTimescale("t", { environment: "dev", host: "h", port: 5432, database: "d", username: "u", secretsKeyArn: "k", recoveryWindowInDays: 7, protect: false, ...extra });
                return {};
            }).then(() => undefined, (e: Error) => e.message);
            expect(failure).to.match(/exactly one of secretArn and password/);
        }
    });

    it("PrivateBucket with S3-managed keys, an expiry and a log-delivery statement", async () => {
        const built = await buildProgram(() => {
            new PrivateBucket("t", {
                bucketPrefix: "hse-test-logs-", purpose: "logs", encryption: { kind: "s3" }, noncurrentVersionDays: 5, expireAfterDays: 90, protect: true,
                statements: [{ sid: "Delivery", principals: [{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }], actions: ["s3:PutObject"], resourceSuffixes: ["/AWSLogs/*"] }],
            }, provider());
            return {};
        });
        expect(built.one(D.bucketEncryption).inputs.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        expect(built.one(D.bucketLifecycle).inputs.rules[0].expiration).to.deep.equal({ days: 90 });
        const policy = statementsBySid(built.one(D.bucketPolicy).inputs.policy);
        expect(policy.Delivery).to.deep.equal({ Sid: "Delivery", Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: `${built.one(D.bucket).outputs?.arn}/AWSLogs/*` });
        expect([built.one(D.bucket).protect, built.one(D.bucket).inputs.forceDestroy]).to.deep.equal([true, false]);
    });

    it("PrivateBucket refuses a prefix that leaves no room for the suffix", async () => {
        const failure = await buildProgram(() => {
            new PrivateBucket("t", { bucketPrefix: "x".repeat(38), purpose: "p", encryption: { kind: "s3" }, noncurrentVersionDays: 1, protect: false }, provider());
            return {};
        }).then(() => undefined, (e: Error) => e.message);
        expect(failure).to.match(/longer than 37 characters/);
    });

    it("VpcFunction refuses a function name Lambda would refuse", async () => {
        const failure = await buildProgram(() => {
            new VpcFunction("t", {
                namePrefix: "hse-test", functionName: "f".repeat(65), description: "d", code: { source: "", sha256: "00" }, statements: [],
                subnetIds: [], securityGroupIds: [], logsKeyArn: "k", logRetentionInDays: 1, protect: false,
            }, provider());
            return {};
        }).then(() => undefined, (e: Error) => e.message);
        expect(failure).to.match(/65 characters; Lambda allows 64/);
    });

    it("RotationFunction may redeploy exactly the services it is given, and tells its code which", async () => {
        const built = await buildProgram(() => {
            new RotationFunction("t", {
                namePrefix: "hse-test", region: "us-east-1", behaviour: "elasticache-user", functionName: "hse-test-rotate", description: "d",
                secretArns: ["arn:aws:secretsmanager:us-east-1:1:secret:a", "arn:aws:secretsmanager:us-east-1:1:secret:b"], secretsKeyArn: "arn:k", rotationDays: 10, statements: [],
                redeployServices: [{ cluster: "c", service: "s1", arn: "arn:aws:ecs:us-east-1:1:service/c/s1" }],
                subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"], logsKeyArn: "arn:l", logRetentionInDays: 1, protect: false,
            }, provider());
            return {};
        });
        const policy = statementsBySid(built.named("t-function-policy").inputs.policy);
        expect(policy.RedeployServicesThatReadTheSecret).to.deep.equal({ Sid: "RedeployServicesThatReadTheSecret", Effect: "Allow", Action: "ecs:UpdateService", Resource: "arn:aws:ecs:us-east-1:1:service/c/s1" });
        expect(policy.RotateOwnSecrets.Resource).to.deep.equal(["arn:aws:secretsmanager:us-east-1:1:secret:a", "arn:aws:secretsmanager:us-east-1:1:secret:b"]);
        expect(JSON.parse(built.one(D.lambda).inputs.environment.variables.REDEPLOY_SERVICES)).to.deep.equal([{ cluster: "c", service: "s1" }]);
        expect(built.ofType(D.rotation).map((r) => r.inputs.secretId)).to.deep.equal(["arn:aws:secretsmanager:us-east-1:1:secret:a", "arn:aws:secretsmanager:us-east-1:1:secret:b"]);
        expect(built.one(D.lambda).inputs.sourceCodeHash).to.equal(Buffer.from(bundleFunction("rotation/elasticache-user.ts").sha256, "hex").toString("base64"));
    });
});

describe("PostgreSQL parameters (pure)", () => {
    it("write work_mem in kB and preload only what is asked", () => {
        const parameters = postgresParameters("17.9", { ...tuning, workMemMb: 16, sharedPreloadLibraries: ["pg_stat_statements", "auto_explain"] });
        expect(parameters.find((p) => p.name === "work_mem")?.value).to.equal("16384");
        expect(parameters.find((p) => p.name === "shared_preload_libraries")?.value).to.equal("pg_stat_statements,auto_explain");
    });
});

describe("maintenance windows (pure)", () => {
    it("parse daily and weekly windows, and refuse malformed ones", () => {
        expect(parseDailyWindow("23:30-00:30")).to.deep.equal({ start: 1410, minutes: 60 });
        expect(parseDailyWindow("24:00-01:00")).to.equal(undefined);
        expect(parseWeeklyWindow("sat:23:00-sun:01:00")).to.deep.equal({ start: 6 * 1440 + 1380, end: 7 * 1440 + 60 });
        expect(parseWeeklyWindow("funday:01:00-mon:02:00")).to.equal(undefined);
    });

    it("find overlaps across midnight and across the week's end, and none between neighbours", () => {
        expect(dailyOverlapsWeekly("23:30-00:30", "sun:00:00-sun:00:45")).to.equal(true);
        expect(dailyOverlapsWeekly("01:00-02:00", "sat:23:30-sun:01:30")).to.equal(true);
        expect(dailyOverlapsWeekly("03:00-03:30", "sun:03:30-sun:04:00")).to.equal(false);
        expect(dailyOverlapsWeekly("04:00-04:30", "sun:03:30-sun:04:00")).to.equal(false);
        expect(dailyOverlapsWeekly("03:59-04:30", "sun:03:30-sun:04:00")).to.equal(true);
    });
});
