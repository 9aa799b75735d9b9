// The TimescaleDB section (`hse-platform:timescale`): device events, hypertables and continuous
// aggregates, on an instance of ours (`self-managed`) or a managed service (`external`). RDS
// cannot load TimescaleDB; see docs/decisions/0012.
import { z } from "zod";
import { EBS_GP3, GRAVITON_INSTANCE_TYPE, SNAPSHOT_RETENTION, TIMESCALE_DEFAULTS } from "../../components/data/timescale-engine";
import { DEFAULT_ROTATION_DAYS, SECRET_ROTATION_DAYS } from "../../components/secrets/platform-secret";
import { port } from "./fields";
import { alternatingUserIssues, POSTGRES_DEFAULT_PORT, RESERVED_DATABASES } from "./postgres";
import { defineSection, RuleIssue, sectionRule } from "./section";

/** The top-level secret key that holds an external service's password, when no secret ARN is given. */
export const TIMESCALE_PASSWORD_KEY = "timescaleExternalPassword";

const roleName = (what: string) =>
    z.string().regex(/^[a-z_][a-z0-9_]{0,56}$/, `must be ${what}: lowercase letters, digits and _, at most 57 characters (the rotation adds _clone)`);

const common = {
    database: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a database name: lowercase letters, digits and _").describe("The devices service's database."),
    appUsername: roleName("a role name").describe("The devices service's login role."),
    port: port.default(POSTGRES_DEFAULT_PORT).describe("Port TimescaleDB listens on; its host's security group opens it to the services that read the timescale secret."),
};

const selfManagedSchema = z
    .strictObject({
        mode: z.literal("self-managed").describe("PostgreSQL with TimescaleDB on an instance of ours (every stack file uses it)."),
        ...common,
        adminUsername: roleName("a role name").describe("The admin role (creates and rotates the application role; not a superuser)."),
        instanceType: z
            .string()
            .regex(GRAVITON_INSTANCE_TYPE, "must be a Graviton (arm64) instance type such as t4g.medium or r6g.large: the packages are arm64 builds")
            .describe("EC2 instance type (Graviton)."),
        dataVolume: z
            .strictObject({
                sizeGb: z.int().min(EBS_GP3.minSizeGb).max(EBS_GP3.maxSizeGb).describe("Size of the encrypted gp3 data volume, GiB."),
                iops: z.int().min(EBS_GP3.minIops).max(EBS_GP3.maxIops).default(EBS_GP3.minIops).describe("gp3 IOPS (3000-16000)."),
                throughputMibps: z.int().min(EBS_GP3.minThroughput).max(EBS_GP3.maxThroughput).default(EBS_GP3.minThroughput).describe("gp3 throughput, MiBps (125-1000)."),
            })
            .describe("The data volume, separate from the instance: it survives replacement."),
        fullBackupsKept: z.int().min(1).max(52).describe("Weekly full backups pgBackRest keeps (with their WAL, for point-in-time recovery)."),
        snapshotsKept: z.int().min(SNAPSHOT_RETENTION.min).max(SNAPSHOT_RETENTION.max).describe("Daily EBS snapshots of the data volume kept."),
        backupNoncurrentVersionDays: z.int().min(1).max(3650).default(30).describe("Days overwritten or deleted backup objects stay recoverable in the bucket."),
        postgresMajor: z.literal(TIMESCALE_DEFAULTS.postgresMajor).default(TIMESCALE_DEFAULTS.postgresMajor).describe("PostgreSQL major version (PostgreSQL project packages)."),
        timescaledbVersion: z
            .string()
            .regex(/^\d+\.\d+\.\d+$/, "must be a TimescaleDB version such as 2.27.1")
            .default(TIMESCALE_DEFAULTS.timescaledbVersion)
            .describe("TimescaleDB Community (TSL) package version, from Timescale's repository."),
        passwordRotationDays: z.int().min(SECRET_ROTATION_DAYS.min).max(SECRET_ROTATION_DAYS.max).default(DEFAULT_ROTATION_DAYS).describe("Days between rotations of the admin and application passwords."),
    })
    .describe("TimescaleDB on a Graviton instance of ours.");

const externalSchema = z
    .strictObject({
        mode: z.literal("external").describe("A managed TimescaleDB service, given by endpoint; no instance is created."),
        ...common,
        host: z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, "must be a host name").describe("Endpoint of the managed service."),
        secretArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, "must be a Secrets Manager secret ARN")
            .optional()
            .describe(`ARN of the secret holding the credentials; without it, set the password with pulumi config set --secret hse-platform:${TIMESCALE_PASSWORD_KEY}.`),
    })
    .describe("A managed TimescaleDB service reached by endpoint.");

export const timescaleSchema = z
    .discriminatedUnion("mode", [selfManagedSchema, externalSchema], { error: "must have mode self-managed or external" })
    .describe("TimescaleDB for device events: `mode: self-managed` (an instance of ours) or `mode: external` (a managed service).");

export type TimescaleSettings = z.output<typeof timescaleSchema>;

const gp3Ratios = sectionRule({
    description: "the data volume's IOPS and throughput fit gp3's ratios",
    needs: z.object({ mode: z.literal("self-managed"), dataVolume: selfManagedSchema.shape.dataVolume }),
    check: ({ dataVolume: { sizeGb, iops, throughputMibps } }): RuleIssue[] => [
        ...(iops > sizeGb * EBS_GP3.maxIopsPerGb ? [{ path: ["dataVolume", "iops"], message: `is ${iops}, above ${EBS_GP3.maxIopsPerGb} IOPS per GiB of ${sizeGb} GiB` }] : []),
        ...(throughputMibps > iops * EBS_GP3.maxMibpsPerIops ? [{ path: ["dataVolume", "throughputMibps"], message: `is ${throughputMibps}, above ${EBS_GP3.maxMibpsPerIops} MiBps per IOPS of ${iops} IOPS` }] : []),
    ],
});

const distinctRoles = sectionRule({
    description: "the admin and application roles differ, and leave room for the application's alternating login and owner role",
    needs: z.object({ mode: z.literal("self-managed"), adminUsername: selfManagedSchema.shape.adminUsername, appUsername: common.appUsername }),
    check: (v) => [
        ...(v.adminUsername === v.appUsername ? [{ path: ["appUsername"], message: "must differ from adminUsername" }] : []),
        ...alternatingUserIssues(v.appUsername, [{ key: "adminUsername", name: v.adminUsername }]),
    ],
});

/**
 * The boot document creates the database and both roles: a reserved name would make it alter
 * PostgreSQL's own (the `postgres` superuser, a template database). PostgreSQL also reserves role
 * names starting with pg_ (documentation, "Database Roles").
 */
const reservedNames = sectionRule({
    description: "the database and roles are not PostgreSQL's own",
    needs: z.looseObject({}),
    check: (v) =>
        (["database", "adminUsername", "appUsername"] as const).flatMap((key) => {
            const name = v[key];
            if (typeof name !== "string") return [];
            const reserved = RESERVED_DATABASES.includes(name) || (key !== "database" && name.startsWith("pg_"));
            return reserved ? [{ path: [key], message: `is "${name}", a name PostgreSQL reserves for itself (${RESERVED_DATABASES.join(", ")}${key === "database" ? "" : ", pg_*"}); choose your own, e.g. hse_devices` }] : [];
        }),
});

export const timescaleSection = defineSection({
    key: "timescale",
    summary: "TimescaleDB for device events: self-managed on a Graviton instance (data volume, pgBackRest backups, snapshots, rotation) or an external managed service.",
    schema: timescaleSchema,
    rules: [gp3Ratios, distinctRoles, reservedNames],
    secretKeys: [{
        key: TIMESCALE_PASSWORD_KEY,
        description: "Password of the external TimescaleDB service, when `timescale.secretArn` is not given.",
        placeholder: "<password>",
        offlineStandIn: "offline-stand-in-password",
    }],
    derive: (parsed) => parsed,
});
