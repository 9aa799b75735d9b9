// The PostgreSQL section (`hse-platform:postgres`): RDS for the monolith's relational data.
// Seed §10.2.2 gives staging's and production's sizes; the gp3, backup and window rules AWS
// enforces are checked here, so a bad value fails before `pulumi up`.
import { z } from "zod";
import {
    EXTENSIONS_RDS_CANNOT_LOAD,
    GP3,
    isMajorOnly,
    isRdsPostgresInstanceClass,
    isValidInsightsRetention,
    lacksPerformanceInsights,
    MONITORING_INTERVALS,
    POSTGRES_ENGINE_VERSIONS,
    PostgresEngineVersion,
    RDS_CA_CERTIFICATES,
    RDS_POSTGRES_INSTANCE_CLASSES,
    REFUSED_MASTER_USERNAMES,
} from "../../components/data/postgres-engine";
import { DEFAULT_ROTATION_DAYS, SECRET_ROTATION_DAYS } from "../../components/secrets/platform-secret";
import { logRetentionDays, port, typeError } from "./fields";
import { REGION_PATTERN } from "./platform";
import { defineSection, RuleIssue, sectionRule } from "./section";
import { applyImmediatelyField, applyImmediatelyFor, dailyOverlapsWeekly, dailyWindow, weeklyWindow } from "./windows";

export const POSTGRES_DEFAULT_PORT = 5432;
const ENGINE_VERSIONS = Object.keys(POSTGRES_ENGINE_VERSIONS) as PostgresEngineVersion[];

/** PostgreSQL identifiers of ours: lowercase, so they never need quoting. */
const identifier = (what: string, max = 63) =>
    z
        .string(typeError(`must be ${what}`))
        .regex(new RegExp(`^[a-z_][a-z0-9_]{0,${max - 1}}$`), `must be ${what}: lowercase letters, digits and _, starting with a letter or _, at most ${max} characters`);

const gigabytes = (what: string) => z.int(typeError(`must be a whole number of GiB`)).min(GP3.minStorageGb).max(GP3.maxStorageGb).describe(what);

/** Names PostgreSQL (or RDS) already uses for its own databases and roles. */
export const RESERVED_DATABASES = ["postgres", "template0", "template1", "rdsadmin"];

export const postgresSchema = z
    .strictObject({
        instanceClass: z
            .string()
            .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class such as db.t4g.medium or db.r6g.xlarge")
            .describe("RDS instance class; Graviton (t4g, r6g, ...) costs less for the same size (seed: db.t3.medium staging, db.r6g.xlarge production)."),
        engineVersion: z
            .enum(ENGINE_VERSIONS, { error: `must be one of ${ENGINE_VERSIONS.join(", ")} (the parameter-group family follows)` })
            .describe("PostgreSQL engine version: a major alone (17) with autoMinorVersionUpgrade, or a minor (17.9) with it off; the parameter group uses the major's family (postgres17, postgres18)."),
        autoMinorVersionUpgrade: z
            .boolean()
            .default(true)
            .describe("RDS upgrades the minor version in the maintenance window; needs engineVersion to be a major alone."),
        allowMajorVersionUpgrade: z
            .boolean()
            .default(false)
            .describe("Let a change of engineVersion's major upgrade the instance in place (docs/data.md, \"Upgrading PostgreSQL\"); off, RDS refuses it."),
        allocatedStorageGb: gigabytes("Allocated gp3 storage, GiB (seed: 100 staging, 500 production)."),
        maxAllocatedStorageGb: gigabytes("Storage autoscaling ceiling, GiB; above allocatedStorageGb (seed: 500 staging, 1000 production)."),
        iops: z.int().min(GP3.minProvisionedIops).max(GP3.maxIops).optional().describe("Provisioned gp3 IOPS; only from 400 GiB, 12000-64000 (seed: 12000 production)."),
        storageThroughputMibps: z.int().min(GP3.minThroughputMibps).max(GP3.maxThroughputMibps).optional().describe("Provisioned gp3 throughput, MiBps; only from 400 GiB, 500-4000."),
        multiAz: z.boolean().describe("A standby in a second zone with automatic failover; required in production."),
        backupRetentionDays: z.int().min(1).max(35).describe("Days of automated backups and point-in-time recovery (1-35; at least 7 in production)."),
        backupWindow: dailyWindow(30).describe("Daily backup window, UTC; must not overlap the maintenance window."),
        maintenanceWindow: weeklyWindow(30).describe("Weekly maintenance window, UTC."),
        applyImmediately: applyImmediatelyField("RDS"),
        databaseName: identifier("a database name").describe("The application database the bootstrap creates (seed: hse_production)."),
        masterUsername: z
            .string()
            .regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, "must be 1-16 letters, digits or _, starting with a letter (RDS master user name rules)")
            .describe("Master user name, not a default one (seed: hse_admin); RDS manages its password."),
        appUsername: identifier("a role name", 57).describe("The application's login role; at most 57 characters, as the multi-user rotation adds _clone."),
        schema: identifier("a schema name").default("app").describe("Schema the application owns its objects in."),
        extensions: z.array(identifier("an extension name")).default(["pgcrypto"]).describe("Extensions the bootstrap creates in the application database."),
        sharedPreloadLibraries: z
            .array(identifier("a library name"))
            .default(["pg_stat_statements"])
            .describe("shared_preload_libraries of the parameter group."),
        port: port.default(POSTGRES_DEFAULT_PORT).describe("Port PostgreSQL listens on; the database security group opens it to the services that read the postgres secret."),
        maxConnections: z.int().min(10).max(5000).describe("max_connections (seed: 200)."),
        workMemMb: z.int().min(1).max(2048).describe("work_mem in MB (seed: 16); written to the engine in kB."),
        slowStatementMs: z.int().min(0).max(600000).describe("log_min_duration_statement: statements slower than this many ms are logged."),
        performanceInsights: z
            .strictObject({
                enabled: z.boolean().describe("Performance Insights (encrypted with the data key); not offered on micro and small classes."),
                retentionDays: z.int().default(7).describe("7 (free), 731, or a multiple of 31 days."),
            })
            .describe("Performance Insights."),
        monitoringIntervalSeconds: z
            .literal(MONITORING_INTERVALS, { error: `must be one of ${MONITORING_INTERVALS.join(", ")} (0 turns Enhanced Monitoring off)` })
            .describe("Enhanced Monitoring interval, seconds."),
        logRetentionInDays: logRetentionDays.describe("Retention of the exported postgresql and upgrade logs."),
        caCertificate: z
            .enum(RDS_CA_CERTIFICATES)
            .default("rds-ca-rsa2048-g1")
            .describe("The RDS certificate authority of the server certificate."),
        passwordRotationDays: z
            .int()
            .min(SECRET_ROTATION_DAYS.min)
            .max(SECRET_ROTATION_DAYS.max)
            .default(DEFAULT_ROTATION_DAYS)
            .describe("Days between rotations of the master and application passwords (seed: 30)."),
        disasterRecovery: z
            .strictObject({
                region: z.string().regex(REGION_PATTERN, "must be an AWS region name such as us-west-2").describe("Second region for the replicated automated backups."),
                retentionDays: z.int().min(1).max(35).describe("Days the replicated backups are kept."),
            })
            .optional()
            .describe("Automated backups replicated to a second region; required in production (seed 001, task 1.2)."),
    })
    .describe("PostgreSQL on RDS for the monolith's relational data (seed 10.2.2).");

export type PostgresSettings = z.output<typeof postgresSchema>;
const shape = postgresSchema.shape;

function gp3Issues(v: { allocatedStorageGb: number; iops?: number; storageThroughputMibps?: number }): RuleIssue[] {
    const { allocatedStorageGb: gb, iops, storageThroughputMibps: throughput } = v;
    if (gb < GP3.provisionableFromGb) {
        return (["iops", "storageThroughputMibps"] as const)
            .filter((key) => v[key] !== undefined)
            .map((key) => ({ path: [key], message: `cannot be set below ${GP3.provisionableFromGb} GiB (allocatedStorageGb is ${gb}); RDS gives gp3 its 3000 IOPS / 125 MiBps baseline there` }));
    }
    // RDS's 500 IOPS per GiB cannot bind here: from 400 GiB it allows 200000, above gp3's 64000.
    const issues: RuleIssue[] = [];
    const effectiveIops = iops ?? GP3.minProvisionedIops;
    if (throughput !== undefined && throughput > effectiveIops * GP3.maxMibpsPerIops) {
        issues.push({ path: ["storageThroughputMibps"], message: `is ${throughput}, above ${GP3.maxMibpsPerIops} MiBps per IOPS of ${effectiveIops} IOPS (${effectiveIops * GP3.maxMibpsPerIops})` });
    }
    return issues;
}

const rules = [
    sectionRule({
        description: "a major alone with automatic minor upgrades, or a pinned minor without them",
        needs: z.object({ engineVersion: shape.engineVersion, autoMinorVersionUpgrade: shape.autoMinorVersionUpgrade }),
        check: (v): RuleIssue[] => {
            const major = POSTGRES_ENGINE_VERSIONS[v.engineVersion].major;
            if (isMajorOnly(v.engineVersion) && !v.autoMinorVersionUpgrade) {
                return [{ path: ["engineVersion"], message: `is ${v.engineVersion}, a major alone, but autoMinorVersionUpgrade is false: RDS would never move the minor it chose; pin a minor (${ENGINE_VERSIONS.filter((e) => !isMajorOnly(e) && e.startsWith(`${major}.`)).join(", ")}) or turn automatic minor upgrades on` }];
            }
            if (!isMajorOnly(v.engineVersion) && v.autoMinorVersionUpgrade) {
                return [{ path: ["engineVersion"], message: `is ${v.engineVersion}, a pinned minor, but autoMinorVersionUpgrade is true: once RDS upgrades the instance, the next update asks to go back and fails; give the major alone (${major}) or set autoMinorVersionUpgrade to false` }];
            }
            return [];
        },
    }),
    sectionRule({
        description: "the instance class is one RDS for PostgreSQL offers",
        needs: z.object({ instanceClass: shape.instanceClass }),
        check: (v) =>
            isRdsPostgresInstanceClass(v.instanceClass)
                ? []
                : [{ path: ["instanceClass"], message: `is ${v.instanceClass}, not an RDS for PostgreSQL instance class; families here: ${Object.keys(RDS_POSTGRES_INSTANCE_CLASSES).map((f) => `db.${f}`).join(", ")} (sizes in components/data/postgres-engine.ts)` }],
    }),
    sectionRule({
        description: "gp3: IOPS and throughput only from 400 GiB, within AWS's ratios",
        needs: z.object({ allocatedStorageGb: shape.allocatedStorageGb, iops: shape.iops, storageThroughputMibps: shape.storageThroughputMibps }),
        check: gp3Issues,
    }),
    sectionRule({
        description: "the autoscaling ceiling is above the allocated storage",
        needs: z.object({ allocatedStorageGb: shape.allocatedStorageGb, maxAllocatedStorageGb: shape.maxAllocatedStorageGb }),
        check: (v) =>
            v.maxAllocatedStorageGb > v.allocatedStorageGb
                ? []
                : [{ path: ["maxAllocatedStorageGb"], message: `is ${v.maxAllocatedStorageGb} GiB; storage autoscaling needs a ceiling above allocatedStorageGb (${v.allocatedStorageGb})` }],
    }),
    sectionRule({
        description: "production keeps at least 7 days of backups, Multi-AZ, and a second region",
        reads: ["environment"],
        needs: z.object({ backupRetentionDays: shape.backupRetentionDays, multiAz: shape.multiAz, disasterRecovery: z.unknown().optional() }),
        check: (v, { environment }): RuleIssue[] => {
            if (environment !== "production") return [];
            return [
                ...(v.backupRetentionDays < 7 ? [{ path: ["backupRetentionDays"], message: `is ${v.backupRetentionDays} in production; keep at least 7 days` }] : []),
                ...(!v.multiAz ? [{ path: ["multiAz"], message: "is false in production; production needs a standby in a second zone" }] : []),
                ...(v.disasterRecovery === undefined ? [{ path: ["disasterRecovery"], message: "is required in production: name a second region for the automated backups (e.g. {region: us-west-2, retentionDays: 7})" }] : []),
            ];
        },
    }),
    sectionRule({
        description: "the backup and maintenance windows do not overlap",
        needs: z.object({ backupWindow: shape.backupWindow, maintenanceWindow: shape.maintenanceWindow }),
        check: (v) =>
            dailyOverlapsWeekly(v.backupWindow, v.maintenanceWindow)
                ? [{ path: ["backupWindow"], message: `${v.backupWindow} overlaps the maintenance window ${v.maintenanceWindow}; RDS refuses overlapping windows` }]
                : [],
    }),
    sectionRule({
        description: "TimescaleDB is not asked of RDS",
        needs: z.object({ sharedPreloadLibraries: shape.sharedPreloadLibraries, extensions: shape.extensions }),
        check: (v) =>
            (["sharedPreloadLibraries", "extensions"] as const).flatMap((key) =>
                v[key]
                    .map((name, index) => ({ name, index }))
                    .filter(({ name }) => (EXTENSIONS_RDS_CANNOT_LOAD as readonly string[]).includes(name))
                    .map(({ index, name }) => ({
                        path: [key, index],
                        message: `asks RDS for ${name}, which RDS for PostgreSQL cannot load (it is not among RDS's extensions); TimescaleDB runs in its own component, configured in hse-platform:timescale`,
                    })),
            ),
    }),
    sectionRule({
        description: "the master user name is not a default one, and differs from the application's",
        needs: z.object({ masterUsername: shape.masterUsername, appUsername: shape.appUsername }),
        check: (v): RuleIssue[] => [
            ...((REFUSED_MASTER_USERNAMES as readonly string[]).includes(v.masterUsername.toLowerCase())
                ? [{ path: ["masterUsername"], message: `is "${v.masterUsername}", a default or reserved name (refused: ${REFUSED_MASTER_USERNAMES.join(", ")}); choose your own, e.g. hse_admin` }]
                : []),
            ...(v.masterUsername.toLowerCase() === v.appUsername ? [{ path: ["appUsername"], message: "must differ from masterUsername: the application never connects as the master user" }] : []),
        ],
    }),
    sectionRule({
        description: "the application user's name leaves room for its alternating login and its owner role",
        needs: z.object({ masterUsername: shape.masterUsername, appUsername: shape.appUsername }),
        check: (v): RuleIssue[] => alternatingUserIssues(v.appUsername, [{ key: "masterUsername", name: v.masterUsername }]),
    }),
    sectionRule({
        description: "the application database is not a system database",
        needs: z.object({ databaseName: shape.databaseName }),
        check: (v) => (RESERVED_DATABASES.includes(v.databaseName) ? [{ path: ["databaseName"], message: `is ${v.databaseName}, a system database; name the application's own (seed: hse_production)` }] : []),
    }),
    sectionRule({
        description: "Performance Insights only where RDS offers it, with a retention it accepts",
        needs: z.object({ instanceClass: shape.instanceClass, performanceInsights: shape.performanceInsights }),
        check: (v): RuleIssue[] => {
            if (!v.performanceInsights.enabled) return [];
            return [
                ...(lacksPerformanceInsights(v.instanceClass) ? [{ path: ["performanceInsights", "enabled"], message: `is true, but ${v.instanceClass} has no Performance Insights (micro and small classes); turn it off or choose medium or larger` }] : []),
                ...(!isValidInsightsRetention(v.performanceInsights.retentionDays) ? [{ path: ["performanceInsights", "retentionDays"], message: `is ${v.performanceInsights.retentionDays}; must be 7, 731 or a multiple of 31` }] : []),
            ];
        },
    }),
    sectionRule({
        description: "backups are replicated to another region than the stack's",
        reads: ["region"],
        needs: z.object({ disasterRecovery: shape.disasterRecovery.unwrap() }),
        check: (v, { region }) =>
            v.disasterRecovery.region === region ? [{ path: ["disasterRecovery", "region"], message: `is ${region}, the stack's own region; replicate backups to a second region` }] : [],
    }),
];

export const postgresSection = defineSection({
    key: "postgres",
    summary: "PostgreSQL on RDS for the monolith's relational data (seed 10.2.2): sizes, storage, backups, windows, users, parameters, monitoring, disaster recovery.",
    schema: postgresSchema,
    rules,
    derive: (parsed, platform) => ({ ...parsed, applyImmediately: applyImmediatelyFor(platform.environment, parsed.applyImmediately) }),
});

/** The roles the ownership model derives from an application user (decision 0022). */
const DERIVED_ROLE_SUFFIXES = ["_clone", "_owner"] as const;

/**
 * AWS's multi-user rotation alternates `<user>` and `<user>_clone`, and strips `_clone` from a
 * user that has it to find the other (SecretsManagerRDSPostgreSQLRotationMultiUser,
 * aws-samples/aws-secrets-manager-rotation-lambdas); `<user>_owner` owns the objects. An
 * application user with either suffix, or another role named like a derived one, would break
 * the pairing or take the owner's name.
 */
export function alternatingUserIssues(appUsername: string, others: readonly { key: string; name: string }[]): RuleIssue[] {
    const suffix = DERIVED_ROLE_SUFFIXES.find((s) => appUsername.endsWith(s));
    const own: RuleIssue[] = suffix === undefined ? [] : [{
        path: ["appUsername"],
        message: `is "${appUsername}", which ends in ${suffix}: the rotation alternates <user> and <user>_clone and the objects belong to <user>_owner, so a name with either suffix breaks the pairing; choose one without it`,
    }];
    const taken = others.flatMap(({ key, name }) => {
        const derived = DERIVED_ROLE_SUFFIXES.map((s) => `${appUsername}${s}`).find((role) => role === name.toLowerCase());
        return derived === undefined ? [] : [{ path: [key], message: `is "${name}", the role the stack derives from appUsername (${derived}); choose another name` }];
    });
    return [...own, ...taken];
}
