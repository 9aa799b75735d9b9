// Invalid values of the data tier's sections: keys, secrets, postgres, timescale, cache.
import { editSection, externalTimescale, InvalidCase, keyOf, setKey } from "../edit";

const pg = keyOf("postgres");
const ts = keyOf("timescale");
const cache = keyOf("cache");
const keys = keyOf("keys");
const editPg = (change: (p: Record<string, any>) => void) => editSection("postgres", change);
const editTs = (change: (t: Record<string, any>) => void) => editSection("timescale", change);
const editCache = (change: (c: Record<string, any>) => void) => editSection("cache", change);
const external = (extra: Record<string, unknown> = {}, keepCaReaders = false) =>
    externalTimescale({ host: "tsdb.example.com", database: "tsdb", appUsername: "tsdbadmin", ...extra }, keepCaReaders);
/** Staging with its stateful resources protected, and this secrets recovery window. */
const protectedWindow = (days: number) => (values: Record<string, string>) => {
    setKey("protectStatefulResources", "true")(values);
    editSection("secrets", (s) => { s.recoveryWindowInDays = days; })(values);
};

export const DATA_CASES: InvalidCase[] = [
    // keys
    { title: "key deletion window below KMS's 7 days", edit: editSection("keys", (k) => { k.deletionWindowInDays = 3; }), key: keys("deletionWindowInDays"), says: "from 7 to 30" },
    { title: "key rotation period above KMS's 2560 days", edit: editSection("keys", (k) => { k.rotationPeriodInDays = 3000; }), key: keys("rotationPeriodInDays"), says: "from 90 to 2560" },
    { title: "production keys recoverable less than 30 days", stack: "production", edit: editSection("keys", (k) => { k.deletionWindowInDays = 7; }), key: keys("deletionWindowInDays"), says: "recoverable for 30 days" },
    // secrets
    { title: "secret recovery window above 30 days", edit: editSection("secrets", (s) => { s.recoveryWindowInDays = 31; }), key: keyOf("secrets")("recoveryWindowInDays"), says: "at most 30" },
    { title: "production secrets recoverable less than 30 days", stack: "production", edit: editSection("secrets", (s) => { s.recoveryWindowInDays = 7; }), key: keyOf("secrets")("recoveryWindowInDays"), says: "recoverable for 30 days" },
    { title: "unprotected stack keeping deleted secrets' names for a recovery window", edit: editSection("secrets", (s) => { s.recoveryWindowInDays = 7; }), key: keyOf("secrets")("recoveryWindowInDays"), says: "is 7, but protectStatefulResources is false: unprotected stacks are destroyed and re-created, and a name kept in a recovery window blocks the new secret; set 0" },
    { title: "protected stack deleting secrets without recovery", stack: "staging", edit: protectedWindow(0), key: keyOf("secrets")("recoveryWindowInDays"), says: "is 0, but protectStatefulResources is true: a protected stack's deleted secrets stay recoverable 7-30 days" },
    { title: "protected stack with a recovery window Secrets Manager does not have", stack: "staging", edit: protectedWindow(3), key: keyOf("secrets")("recoveryWindowInDays"), says: "recoverable 7-30 days" },
    { title: "missing secrets section", edit: setKey("secrets", undefined), key: "hse-platform:secrets", says: "is required" },
    // postgres
    { title: "PostgreSQL version RDS is not pinned to", edit: editPg((p) => { p.engineVersion = "16.2"; }), key: pg("engineVersion"), says: "must be one of 17, 18, 17.9, 18.3 (the parameter-group family follows)" },
    { title: "pinned minor with automatic minor upgrades (the next update after AWS's upgrade fails)", edit: editPg((p) => { p.engineVersion = "17.9"; }), key: pg("engineVersion"), says: "is 17.9, a pinned minor, but autoMinorVersionUpgrade is true: once RDS upgrades the instance, the next update asks to go back and fails; give the major alone (17) or set autoMinorVersionUpgrade to false" },
    { title: "major alone without automatic minor upgrades", edit: editPg((p) => { p.autoMinorVersionUpgrade = false; }), key: pg("engineVersion"), says: "is 17, a major alone, but autoMinorVersionUpgrade is false: RDS would never move the minor it chose; pin a minor (17.9) or turn automatic minor upgrades on" },
    { title: "instance class that is not one", edit: editPg((p) => { p.instanceClass = "t4g.micro"; }), key: pg("instanceClass"), says: "RDS instance class" },
    { title: "instance class with a typo (db.t4g.mcro)", edit: editPg((p) => { p.instanceClass = "db.t4g.mcro"; }), key: pg("instanceClass"), says: "is db.t4g.mcro, not an RDS for PostgreSQL instance class; families here: db.t3, db.t4g, db.m5" },
    { title: "instance class of a family RDS does not offer", edit: editPg((p) => { p.instanceClass = "db.c7g.large"; }), key: pg("instanceClass"), says: "not an RDS for PostgreSQL instance class" },
    { title: "instance class with a size its family lacks", edit: editPg((p) => { p.instanceClass = "db.r6g.24xlarge"; }), key: pg("instanceClass"), says: "not an RDS for PostgreSQL instance class" },
    { title: "instance class with a prefix", edit: editPg((p) => { p.instanceClass = "xdb.t4g.micro"; }), key: pg("instanceClass"), says: "must be an RDS instance class such as db.t4g.medium or db.r6g.xlarge" },
    { title: "database name in capitals", edit: editPg((p) => { p.databaseName = "HSE"; }), key: pg("databaseName"), says: "must be a database name: lowercase letters, digits and _, starting with a letter or _, at most 63 characters" },
    { title: "application role with a dash", edit: editPg((p) => { p.appUsername = "hse-app"; }), key: pg("appUsername"), says: "must be a role name: lowercase letters, digits and _, starting with a letter or _, at most 57 characters" },
    { title: "schema starting with a digit", edit: editPg((p) => { p.schema = "1app"; }), key: pg("schema"), says: "must be a schema name: lowercase" },
    { title: "extension name with a space", edit: editPg((p) => { p.extensions = ["pg crypto"]; }), key: pg("extensions[0]"), says: "must be an extension name: lowercase" },
    { title: "preloaded library with a dot", edit: editPg((p) => { p.sharedPreloadLibraries = ["auto.explain"]; }), key: pg("sharedPreloadLibraries[0]"), says: "must be a library name: lowercase" },
    { title: "IOPS below 400 GB", edit: editPg((p) => { p.iops = 12000; }), key: pg("iops"), says: "cannot be set below 400 GiB" },
    { title: "throughput below 400 GB", edit: editPg((p) => { p.storageThroughputMibps = 500; }), key: pg("storageThroughputMibps"), says: "cannot be set below 400 GiB" },
    { title: "IOPS under the 12000 provisioned minimum", stack: "production", edit: editPg((p) => { p.iops = 6000; }), key: pg("iops"), says: "at least 12000" },
    { title: "throughput above 0.25 MiBps per IOPS", stack: "production", edit: editPg((p) => { p.storageThroughputMibps = 4000; }), key: pg("storageThroughputMibps"), says: "0.25 MiBps per IOPS" },
    { title: "autoscaling ceiling not above the allocated storage", edit: editPg((p) => { p.maxAllocatedStorageGb = 20; }), key: pg("maxAllocatedStorageGb"), says: "above allocatedStorageGb (20)" },
    { title: "backup retention above 35 days", edit: editPg((p) => { p.backupRetentionDays = 40; }), key: pg("backupRetentionDays"), says: "at most 35" },
    { title: "production keeping fewer than 7 days of backups", stack: "production", edit: editPg((p) => { p.backupRetentionDays = 3; }), key: pg("backupRetentionDays"), says: "at least 7 days" },
    { title: "production without Multi-AZ", stack: "production", edit: editPg((p) => { p.multiAz = false; }), key: pg("multiAz"), says: "standby in a second zone" },
    { title: "production without a second region for backups", stack: "production", edit: editPg((p) => { delete p.disasterRecovery; }), key: pg("disasterRecovery"), says: "is required in production" },
    { title: "backups replicated to the stack's own region", stack: "production", edit: editPg((p) => { p.disasterRecovery.region = "us-east-1"; }), key: pg("disasterRecovery.region"), says: "the stack's own region" },
    { title: "backup window overlapping maintenance", edit: editPg((p) => { p.backupWindow = "05:15-05:45"; }), key: pg("backupWindow"), says: "overlaps the maintenance window" },
    { title: "backup window shorter than 30 minutes", edit: editPg((p) => { p.backupWindow = "03:00-03:10"; }), key: pg("backupWindow"), says: "at least 30" },
    { title: "malformed maintenance window", edit: editPg((p) => { p.maintenanceWindow = "sunday 5am"; }), key: pg("maintenanceWindow"), says: "ddd:hh:mm-ddd:hh:mm" },
    { title: "TimescaleDB asked of RDS in shared_preload_libraries", edit: editPg((p) => { p.sharedPreloadLibraries = ["pg_stat_statements", "timescaledb"]; }), key: pg("sharedPreloadLibraries[1]"), says: "RDS for PostgreSQL cannot load" },
    { title: "TimescaleDB asked of RDS as an extension", edit: editPg((p) => { p.extensions = ["timescaledb"]; }), key: pg("extensions[0]"), says: "hse-platform:timescale" },
    { title: "default master user name", edit: editPg((p) => { p.masterUsername = "postgres"; }), key: pg("masterUsername"), says: "default or reserved name" },
    { title: "master user name longer than 16", edit: editPg((p) => { p.masterUsername = "hse_administrator_x"; }), key: pg("masterUsername"), says: "1-16 letters" },
    { title: "application user equal to the master", edit: editPg((p) => { p.appUsername = "hse_admin"; }), key: pg("appUsername"), says: "never connects as the master user" },
    { title: "application user named like a clone", edit: editPg((p) => { p.appUsername = "hse_app_clone"; }), key: pg("appUsername"), says: "ends in _clone" },
    { title: "application user named like an owner role", edit: editPg((p) => { p.appUsername = "hse_app_owner"; }), key: pg("appUsername"), says: "ends in _owner" },
    { title: "master user named as the application's owner role", edit: editPg((p) => { p.appUsername = "hse_app"; p.masterUsername = "hse_app_owner"; }), key: pg("masterUsername"), says: "the role the stack derives from appUsername (hse_app_owner)" },
    { title: "application role too long for its clone", edit: editPg((p) => { p.appUsername = "a".repeat(58); }), key: pg("appUsername"), says: "at most 57" },
    { title: "a system database as the application's", edit: editPg((p) => { p.databaseName = "postgres"; }), key: pg("databaseName"), says: "a system database" },
    { title: "Performance Insights on a micro class", edit: editPg((p) => { p.performanceInsights = { enabled: true }; }), key: pg("performanceInsights.enabled"), says: "has no Performance Insights" },
    { title: "Performance Insights retention RDS refuses", stack: "staging", edit: editPg((p) => { p.performanceInsights.retentionDays = 30; }), key: pg("performanceInsights.retentionDays"), says: "7, 731 or a multiple of 31" },
    { title: "monitoring interval RDS does not offer", edit: editPg((p) => { p.monitoringIntervalSeconds = 20; }), key: pg("monitoringIntervalSeconds"), says: "0, 1, 5, 10, 15, 30, 60" },
    { title: "unknown RDS certificate authority", edit: editPg((p) => { p.caCertificate = "rds-ca-2019"; }), key: pg("caCertificate"), says: "must be one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1" },
    { title: "password rotation beyond 1000 days", edit: editPg((p) => { p.passwordRotationDays = 1001; }), key: pg("passwordRotationDays"), says: "at most 1000" },
    { title: "misspelt PostgreSQL key", edit: editPg((p) => { p.instanceType = "db.t4g.micro"; }), key: pg("instanceType"), says: "allowed here: instanceClass" },
    // timescale
    { title: "unknown TimescaleDB mode", edit: editTs((t) => { t.mode = "rds"; }), key: ts("mode"), says: "self-managed" },
    { title: "x86 instance type for TimescaleDB", edit: editTs((t) => { t.instanceType = "t3.medium"; }), key: ts("instanceType"), says: "Graviton (arm64)" },
    { title: "data volume IOPS above 500 per GB", edit: editTs((t) => { t.dataVolume.iops = 12000; }), key: ts("dataVolume.iops"), says: "500 IOPS per GiB" },
    { title: "data volume throughput above 0.25 per IOPS", edit: editTs((t) => { t.dataVolume.throughputMibps = 1000; }), key: ts("dataVolume.throughputMibps"), says: "0.25 MiBps per IOPS" },
    { title: "data volume IOPS below gp3's baseline", edit: editTs((t) => { t.dataVolume.iops = 1000; }), key: ts("dataVolume.iops"), says: "at least 3000" },
    { title: "TimescaleDB application role named like a clone", edit: editTs((t) => { t.appUsername = "hse_devices_clone"; }), key: ts("appUsername"), says: "ends in _clone" },
    { title: "TimescaleDB admin named as the application's clone", edit: editTs((t) => { t.adminUsername = "hse_devices_clone"; }), key: ts("adminUsername"), says: "the role the stack derives from appUsername (hse_devices_clone)" },
    { title: "TimescaleDB admin equal to the application role", edit: editTs((t) => { t.adminUsername = "hse_devices"; }), key: ts("appUsername"), says: "differ from adminUsername" },
    { title: "TimescaleDB database name in capitals", edit: editTs((t) => { t.database = "Devices"; }), key: ts("database"), says: "must be a database name: lowercase letters, digits and _" },
    { title: "TimescaleDB database name with a dash", edit: editTs((t) => { t.database = "devices-db"; }), key: ts("database"), says: "must be a database name" },
    { title: "TimescaleDB application role in capitals", edit: editTs((t) => { t.appUsername = "Devices"; }), key: ts("appUsername"), says: "must be a role name: lowercase letters, digits and _, at most 57 characters (the rotation adds _clone)" },
    { title: "TimescaleDB admin role with a dash", edit: editTs((t) => { t.adminUsername = "ts-admin"; }), key: ts("adminUsername"), says: "must be a role name: lowercase letters, digits and _, at most 57 characters (the rotation adds _clone)" },
    { title: "TimescaleDB version that is not one", edit: editTs((t) => { t.timescaledbVersion = "latest"; }), key: ts("timescaledbVersion"), says: "such as 2.27.1" },
    { title: "snapshots kept beyond DLM's 1000", edit: editTs((t) => { t.snapshotsKept = 5000; }), key: ts("snapshotsKept"), says: "at most 1000" },
    { title: "external TimescaleDB without credentials", edit: external(), key: ts("secretArn"), says: "pulumi config set --secret hse-platform:timescaleExternalPassword" },
    { title: "a service reading the CA of an external TimescaleDB", edit: external({ secretArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:x" }, true), key: "hse-platform:services.devices.secrets.TIMESCALE_CA_CERTIFICATE", says: "only a self-managed TimescaleDB has" },
    { title: "external TimescaleDB with a malformed secret ARN", edit: external({ secretArn: "tsdb-credentials" }), key: ts("secretArn"), says: "Secrets Manager secret ARN" },
    { title: "self-managed key given to an external TimescaleDB", edit: external({ secretArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:x", instanceType: "t4g.small" }), key: ts("instanceType"), says: "unknown key" },
    // cache
    { title: "unknown cache engine", edit: editCache((c) => { c.engine = "memcached"; }), key: cache("engine"), says: "valkey, redis" },
    { title: "Valkey version that does not exist", edit: editCache((c) => { c.engineVersion = "7.0"; }), key: cache("engineVersion"), says: "valkey versions here: 8.2, 8.1, 7.2" },
    { title: "cache node type that is not one", edit: editCache((c) => { c.nodeType = "r6g.large"; }), key: cache("nodeType"), says: "ElastiCache node type" },
    { title: "cache node type with a typo (cache.t4g.mcro)", edit: editCache((c) => { c.nodeType = "cache.t4g.mcro"; }), key: cache("nodeType"), says: "is cache.t4g.mcro, not an ElastiCache node type; families here: cache.t3, cache.t4g" },
    { title: "cache node type ElastiCache no longer creates (t2)", edit: editCache((c) => { c.nodeType = "cache.t2.micro"; }), key: cache("nodeType"), says: "not an ElastiCache node type" },
    { title: "cache user without a password in staging", stack: "staging", edit: editCache((c) => { c.accessString = "on nopass ~events:* +@all -@dangerous"; }), key: cache("accessString"), says: "grants nopass (no password) in staging; only dev may" },
    { title: "cache user reaching every key in production", stack: "production", edit: editCache((c) => { c.accessString = "on ~* +@all -@dangerous"; }), key: cache("accessString"), says: "grants every key (~* or allkeys) in production" },
    { title: "cache user reaching every key by allkeys in staging", stack: "staging", edit: editCache((c) => { c.accessString = "on allkeys +@read"; }), key: cache("accessString"), says: "grants every key (~* or allkeys) in staging" },
    { title: "cache user allowed every command in staging", stack: "staging", edit: editCache((c) => { c.accessString = "on ~events:* -@dangerous +@all"; }), key: cache("accessString"), says: "grants every command (+@all or allcommands, nothing taken away) in staging" },
    { title: "cache node type with a suffix", edit: editCache((c) => { c.nodeType = "cache.t4g.small!"; }), key: cache("nodeType"), says: "must be an ElastiCache node type such as cache.t4g.small or cache.r6g.large" },
    { title: "cluster mode that is not a mode", edit: editCache((c) => { c.clusterMode = "on"; }), key: cache("clusterMode"), says: "must be one of enabled, disabled" },
    { title: "cache user starting with an underscore", edit: editCache((c) => { c.appUsername = "_app"; }), key: cache("appUsername"), says: "must be 1-40 letters, digits or hyphens, starting with a letter" },
    { title: "cache user with an underscore", edit: editCache((c) => { c.appUsername = "app_user"; }), key: cache("appUsername"), says: "must be 1-40 letters, digits or hyphens, starting with a letter" },
    { title: "empty cache access string", edit: editCache((c) => { c.accessString = ""; }), key: cache("accessString"), says: "must not be empty" },
    { title: "several shards without cluster mode", edit: editCache((c) => { c.shards = 2; }), key: cache("shards"), says: "cluster mode is disabled" },
    { title: "cluster mode without failover", edit: editCache((c) => { c.clusterMode = "enabled"; }), key: cache("automaticFailover"), says: "cluster mode requires automatic failover" },
    { title: "failover without a replica", edit: editCache((c) => { c.automaticFailover = true; }), key: cache("replicasPerShard"), says: "at least one replica" },
    { title: "Multi-AZ without failover", edit: editCache((c) => { c.multiAz = true; }), key: cache("multiAz"), says: "needs automatic failover" },
    { title: "more than 5 replicas per shard", edit: editCache((c) => { c.replicasPerShard = 6; }), key: cache("replicasPerShard"), says: "at most 5" },
    { title: "production cache without Multi-AZ", stack: "production", edit: editCache((c) => { c.multiAz = false; }), key: cache("multiAz"), says: "replicas must be in other zones" },
    { title: "snapshot window overlapping maintenance", edit: editCache((c) => { c.snapshotWindow = "03:00-04:00"; c.maintenanceWindow = "mon:03:30-mon:04:30"; }), key: cache("snapshotWindow"), says: "overlaps the maintenance window" },
    { title: "maintenance window shorter than an hour", edit: editCache((c) => { c.maintenanceWindow = "sun:03:00-sun:03:30"; }), key: cache("maintenanceWindow"), says: "at least 60" },
    { title: "the default user as the application's", edit: editCache((c) => { c.appUsername = "default"; }), key: cache("appUsername"), says: "choose the application's own name" },
    { title: "snapshot retention beyond 35 days", edit: editCache((c) => { c.snapshotRetentionDays = 36; }), key: cache("snapshotRetentionDays"), says: "at most 35" },
    { title: "TimescaleDB's database named postgres", edit: editTs((t) => { t.database = "postgres"; }), key: ts("database"), says: 'is "postgres", a name PostgreSQL reserves for itself' },
    { title: "TimescaleDB's database named template1", edit: editTs((t) => { t.database = "template1"; }), key: ts("database"), says: 'is "template1", a name PostgreSQL reserves' },
    { title: "TimescaleDB's admin role named postgres", edit: editTs((t) => { t.adminUsername = "postgres"; }), key: ts("adminUsername"), says: 'is "postgres", a name PostgreSQL reserves' },
    { title: "TimescaleDB's application role named rdsadmin", edit: editTs((t) => { t.appUsername = "rdsadmin"; }), key: ts("appUsername"), says: 'is "rdsadmin", a name PostgreSQL reserves' },
    { title: "TimescaleDB's application role in PostgreSQL's pg_ namespace", edit: editTs((t) => { t.appUsername = "pg_devices"; }), key: ts("appUsername"), says: "pg_*" },
];
