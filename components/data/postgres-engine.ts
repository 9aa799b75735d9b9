// Facts about RDS for PostgreSQL that config validation and the component share, each with its
// source. Pure data and functions: no resources here.

/**
 * Engine versions this project deploys, with their parameter-group family (postgres<major>:
 * `aws rds describe-db-engine-versions --engine postgres` gives each version's
 * DBParameterGroupFamily). A major alone ("17") lets RDS choose the minor and upgrade it in the
 * maintenance window (the provider takes a version prefix when autoMinorVersionUpgrade is on,
 * @pulumi/aws rds.Instance engineVersion). AWS does move minors under a stack: its notice of
 * 2026 retired 17.1-17.4 on 2026-05-31 and upgraded those instances to 17.7 or higher (RDS for
 * PostgreSQL release calendar). A full minor pins it, with automatic upgrades off; 17.9 and 18.3
 * are current RDS minors (aws-cdk PostgresEngineVersion VER_17_9, VER_18_3).
 */
export const POSTGRES_ENGINE_VERSIONS = {
    "17": { family: "postgres17", major: 17 },
    "18": { family: "postgres18", major: 18 },
    "17.9": { family: "postgres17", major: 17 },
    "18.3": { family: "postgres18", major: 18 },
} as const;

/** Whether `version` names a major only ("17"), leaving the minor to RDS. */
export function isMajorOnly(version: string): boolean {
    return !version.includes(".");
}
export type PostgresEngineVersion = keyof typeof POSTGRES_ENGINE_VERSIONS;

/** Current RDS certificate authorities (RDS user guide, "Using SSL/TLS to encrypt a connection"). */
export const RDS_CA_CERTIFICATES = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"] as const;

/** Enhanced Monitoring intervals RDS accepts, in seconds; 0 is off (CreateDBInstance, MonitoringInterval). */
export const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;

/** Logs RDS for PostgreSQL can export (CreateDBInstance, EnableCloudwatchLogsExports); the stack exports these two. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;

/** Performance Insights retention: 7 (free), 731, or a multiple of 31 days (CreateDBInstance). */
export function isValidInsightsRetention(days: number): boolean {
    return days === 7 || days === 731 || (days % 31 === 0 && days > 0 && days < 731);
}

/**
 * gp3 rules of RDS for PostgreSQL (RDS user guide, "Amazon RDS DB instance storage", gp3 table):
 * below 400 GiB the baseline is 3000 IOPS / 125 MiBps and neither can be set; from 400 GiB the
 * baseline is 12000 IOPS / 500 MiBps, provisionable up to 64000 IOPS and 4000 MiBps, with at
 * most 0.25 MiBps per IOPS. (Its 500 IOPS per GiB never binds: 400 GiB would allow 200000.)
 */
export const GP3 = {
    minStorageGb: 20,
    maxStorageGb: 65536,
    provisionableFromGb: 400,
    minProvisionedIops: 12000,
    maxIops: 64000,
    minThroughputMibps: 500,
    maxThroughputMibps: 4000,
    maxMibpsPerIops: 0.25,
} as const;

/**
 * Master user names refused: ones RDS rejects (`admin`, `rdsadmin`: RDS user guide, "Master
 * user account privileges"; cfn-lint's tested list) and the engine's well-known default, which
 * Security Hub RDS.25 flags.
 */
export const REFUSED_MASTER_USERNAMES = ["admin", "administrator", "postgres", "rdsadmin", "root", "master", "sa"] as const;

/** What RDS cannot load: TimescaleDB is not among RDS for PostgreSQL's extensions (docs/decisions/0012). */
export const EXTENSIONS_RDS_CANNOT_LOAD = ["timescaledb", "timescaledb_toolkit"] as const;

/** Instance classes without Performance Insights / Database Insights (RDS user guide, Database Insights engine support). */
export function lacksPerformanceInsights(instanceClass: string): boolean {
    return /\.(micro|small)$/.test(instanceClass);
}

const SIZES_T = ["micro", "small", "medium", "large", "xlarge", "2xlarge"] as const;
const SIZES_G2 = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"] as const;
const SIZES_X86_5 = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"] as const;
const SIZES_X86_6 = [...SIZES_X86_5, "32xlarge"] as const;
const SIZES_X86_7 = [...SIZES_X86_5, "48xlarge"] as const;
const SIZES_G4 = [...SIZES_X86_5, "48xlarge"] as const;

/**
 * DB instance classes RDS for PostgreSQL offers, family by family with their sizes: the
 * current generations of the RDS user guide's "DB instance class types" and "Supported DB
 * engines for DB instance classes" (burstable t3/t4g; general purpose m5, m6g, m6i, m7g, m7i,
 * m8g; memory optimized r5, r6g, r6i, r7g, r7i, r8g). A name outside this list (a typo such as
 * db.t4g.mcro) would fail only at `pulumi up`; a class this list lacks is added here with its
 * source. Not every class is offered in every region for every minor version
 * (`aws rds describe-orderable-db-instance-options --engine postgres` says which).
 */
export const RDS_POSTGRES_INSTANCE_CLASSES: Readonly<Record<string, readonly string[]>> = {
    t3: SIZES_T,
    t4g: SIZES_T,
    m5: SIZES_X86_5,
    m6g: SIZES_G2,
    m6i: SIZES_X86_6,
    m7g: SIZES_G2,
    m7i: SIZES_X86_7,
    m8g: SIZES_G4,
    r5: SIZES_X86_5,
    r6g: SIZES_G2,
    r6i: SIZES_X86_6,
    r7g: SIZES_G2,
    r7i: SIZES_X86_7,
    r8g: SIZES_G4,
};

/** Whether `instanceClass` (db.<family>.<size>) is one RDS for PostgreSQL offers. */
export function isRdsPostgresInstanceClass(instanceClass: string): boolean {
    const [prefix, family, size, ...rest] = instanceClass.split(".");
    return prefix === "db" && rest.length === 0 && (RDS_POSTGRES_INSTANCE_CLASSES[family] ?? []).includes(size);
}
