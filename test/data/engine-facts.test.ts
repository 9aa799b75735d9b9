// The AWS facts the data tier's config validation relies on, each value at work: every refused
// master user name is refused, every interval, certificate authority and version AWS offers is
// accepted and its neighbours are not, Performance Insights' retention and classes at their edges.
import { expect } from "chai";
import {
    EXTENSIONS_RDS_CANNOT_LOAD,
    isRdsPostgresInstanceClass,
    isValidInsightsRetention,
    lacksPerformanceInsights,
    MONITORING_INTERVALS,
    POSTGRES_ENGINE_VERSIONS,
    RDS_CA_CERTIFICATES,
    RDS_POSTGRES_INSTANCE_CLASSES,
    REFUSED_MASTER_USERNAMES,
} from "../../components/data/postgres-engine";
import { broadAccessGrants, CACHE_ENGINE_VERSIONS, CACHE_NODE_TYPES, DEFAULT_APP_ACCESS_STRING, isCacheNodeType } from "../../components/data/cache-engine";
import { postgresParameters } from "../../components/data/postgres-parameters";
import { configProblems, editSection, externalTimescale, keyOf } from "../config/edit";

const pg = keyOf("postgres");
const postgres = (change: (p: Record<string, any>) => void) => configProblems("production", editSection("postgres", change));
const cache = (change: (c: Record<string, any>) => void) => configProblems("production", editSection("cache", change));
const keysOf = (problems: readonly { key: string }[]) => problems.map((p) => p.key);

describe("RDS facts at work in the postgres section", () => {
    it("refuses every default or reserved master user name, in any case, and names them all", () => {
        expect(REFUSED_MASTER_USERNAMES).to.have.lengthOf(7);
        for (const name of REFUSED_MASTER_USERNAMES) {
            for (const written of [name, name.toUpperCase()]) {
                expect(postgres((p) => { p.masterUsername = written; }), written).to.deep.equal([
                    { key: pg("masterUsername"), message: `is "${written}", a default or reserved name (refused: admin, administrator, postgres, rdsadmin, root, master, sa); choose your own, e.g. hse_admin` },
                ]);
            }
        }
        expect(postgres((p) => { p.masterUsername = "hse_root"; })).to.deep.equal([]);
    });

    it("accepts every Enhanced Monitoring interval RDS offers and refuses the others, listing them", () => {
        expect([...MONITORING_INTERVALS]).to.deep.equal([0, 1, 5, 10, 15, 30, 60]);
        for (const seconds of MONITORING_INTERVALS) expect(postgres((p) => { p.monitoringIntervalSeconds = seconds; }), String(seconds)).to.deep.equal([]);
        expect(postgres((p) => { p.monitoringIntervalSeconds = 20; })).to.deep.equal([
            { key: pg("monitoringIntervalSeconds"), message: "must be one of 0, 1, 5, 10, 15, 30, 60 (0 turns Enhanced Monitoring off) (got 20)" },
        ]);
    });

    it("accepts every current RDS certificate authority and refuses the retired one", () => {
        for (const ca of RDS_CA_CERTIFICATES) expect(postgres((p) => { p.caCertificate = ca; }), ca).to.deep.equal([]);
        expect(postgres((p) => { p.caCertificate = "rds-ca-2019"; })).to.deep.equal([
            { key: pg("caCertificate"), message: 'must be one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 (got "rds-ca-2019")' },
        ]);
    });

    it("refuses each TimescaleDB library RDS cannot load, where it is asked for", () => {
        expect([...EXTENSIONS_RDS_CANNOT_LOAD]).to.deep.equal(["timescaledb", "timescaledb_toolkit"]);
        for (const name of EXTENSIONS_RDS_CANNOT_LOAD) {
            expect(keysOf(postgres((p) => { p.extensions = ["pgcrypto", name]; })), name).to.deep.equal([pg("extensions[1]")]);
        }
    });

    it("keeps Performance Insights' retention to 7, 731 or a multiple of 31 below 731", () => {
        for (const days of [7, 31, 62, 713, 731]) expect(isValidInsightsRetention(days), String(days)).to.equal(true);
        for (const days of [0, 1, 8, 30, 32, 730, 732, 744, -31]) expect(isValidInsightsRetention(days), String(days)).to.equal(false);
        expect(postgres((p) => { p.performanceInsights.retentionDays = 30; })).to.deep.equal([
            { key: pg("performanceInsights.retentionDays"), message: "is 30; must be 7, 731 or a multiple of 31" },
        ]);
    });

    it("knows Performance Insights is missing on micro and small classes only", () => {
        for (const cls of ["db.t4g.micro", "db.t3.small"]) expect(lacksPerformanceInsights(cls), cls).to.equal(true);
        for (const cls of ["db.t4g.medium", "db.r6g.xlarge", "db.t4g.smallish", "db.micro.large"]) expect(lacksPerformanceInsights(cls), cls).to.equal(false);
        expect(postgres((p) => { p.instanceClass = "db.t4g.small"; })).to.deep.equal([
            { key: pg("performanceInsights.enabled"), message: "is true, but db.t4g.small has no Performance Insights (micro and small classes); turn it off or choose medium or larger" },
        ]);
        expect(postgres((p) => { p.instanceClass = "db.t4g.small"; p.performanceInsights = { enabled: false, retentionDays: 30 }; })).to.deep.equal([]);
    });

    it("deploys each engine version with its own parameter-group family, and PostgreSQL 18's list-valued log_connections", () => {
        expect(POSTGRES_ENGINE_VERSIONS).to.deep.equal({
            "17": { family: "postgres17", major: 17 },
            "18": { family: "postgres18", major: 18 },
            "17.9": { family: "postgres17", major: 17 },
            "18.3": { family: "postgres18", major: 18 },
        });
        const tuning = { maxConnections: 200, workMemMb: 16, slowStatementMs: 500, sharedPreloadLibraries: [] };
        const logConnections = (version: "17.9" | "18.3") => postgresParameters(version, tuning).find((p) => p.name === "log_connections")?.value;
        expect([logConnections("17.9"), logConnections("18.3")]).to.deep.equal(["1", "all"]);
        expect(postgres((p) => { p.engineVersion = "18"; })).to.deep.equal([]);
        expect(postgres((p) => { p.engineVersion = "18.3"; p.autoMinorVersionUpgrade = false; })).to.deep.equal([]);
        expect(keysOf(postgres((p) => { p.engineVersion = "18.3"; }))).to.deep.equal([pg("engineVersion")]);
        expect(keysOf(postgres((p) => { p.engineVersion = "18"; p.autoMinorVersionUpgrade = false; }))).to.deep.equal([pg("engineVersion")]);
        expect(keysOf(postgres((p) => { p.engineVersion = "16.4"; }))).to.deep.equal([pg("engineVersion")]);
    });
});

describe("ElastiCache facts at work in the cache section", () => {
    it("accepts every pinned version of each engine, and refuses one engine's version for the other", () => {
        expect(CACHE_ENGINE_VERSIONS).to.deep.equal({ valkey: { "8.2": "valkey8", "8.1": "valkey8", "7.2": "valkey7" }, redis: { "7.1": "redis7" } });
        for (const [engine, versions] of Object.entries(CACHE_ENGINE_VERSIONS)) {
            for (const version of Object.keys(versions)) {
                expect(cache((c) => { c.engine = engine; c.engineVersion = version; }), `${engine} ${version}`).to.deep.equal([]);
            }
        }
        expect(keysOf(cache((c) => { c.engine = "redis"; c.engineVersion = "8.2"; }))).to.deep.equal([keyOf("cache")("engineVersion")]);
    });
});

describe("Graviton instance types for TimescaleDB", () => {
    const ts = (instanceType: string) => configProblems("staging", editSection("timescale", (t) => { t.instanceType = instanceType; }));
    const refused = (instanceType: string) => [{ key: keyOf("timescale")("instanceType"), message: `must be a Graviton (arm64) instance type such as t4g.medium or r6g.large: the packages are arm64 builds (got "${instanceType}")` }];

    it("accepts every Graviton family shape: two-letter families, suffixes after the g, sizes with and without a multiplier", () => {
        for (const type of ["t4g.medium", "im4gn.large", "r6gd.xlarge", "c7gn.16xlarge", "m7g.2xlarge", "x2gd.metal"]) expect(ts(type), type).to.deep.equal([]);
    });
    it("refuses x86 types and anything around a Graviton name", () => {
        for (const type of ["t3.medium", "1t4g.medium", "t4g.largex", "t4g.x2large", "r6g-d.large"]) expect(ts(type), type).to.deep.equal(refused(type));
    });
});

describe("PostgreSQL names and sizes refused before RDS sees them", () => {
    const pg = (change: (p: Record<string, any>) => void) => configProblems("staging", editSection("postgres", change));
    it("refuses each system database as the application's", () => {
        for (const name of ["postgres", "template0", "template1", "rdsadmin"]) {
            expect(pg((p) => { p.databaseName = name; }), name).to.deep.equal([{ key: keyOf("postgres")("databaseName"), message: `is ${name}, a system database; name the application's own (seed: hse_production)` }]);
        }
    });
    it("refuses storage that is not a whole number of GiB", () =>
        expect(pg((p) => { p.allocatedStorageGb = "100GB"; })).to.deep.equal([{ key: keyOf("postgres")("allocatedStorageGb"), message: 'must be a whole number of GiB (got "100GB")' }]));
});

describe("TimescaleDB versions, hosts and secret ARNs at their edges", () => {
    const key = keyOf("timescale");
    const selfManaged = (version: string) => configProblems("staging", editSection("timescale", (t) => { t.timescaledbVersion = version; }));
    const external = (extra: Record<string, unknown>) => configProblems("dev", externalTimescale({ host: "tsdb.example.com", database: "tsdb", appUsername: "tsdbadmin", secretArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:tsdb-AbCdEf", ...extra }));

    it("takes versions with numbers of any length, and only versions", () => {
        expect(selfManaged("12.27.10")).to.deep.equal([]);
        for (const version of ["v2.27.1", "2.27.1-oss", "2.27.x", "2.x.1", "x.27.1"]) {
            expect(selfManaged(version), version).to.deep.equal([{ key: key("timescaledbVersion"), message: `must be a TimescaleDB version such as 2.27.1 (got "${version}")` }]);
        }
    });
    it("takes a bare host name, not a URL", () => {
        expect(external({})).to.deep.equal([]);
        for (const host of ["https://tsdb.example.com", "tsdb.example.com/db"]) {
            expect(external({ host }), host).to.deep.equal([{ key: key("host"), message: `must be a host name (got "${host}")` }]);
        }
    });
    it("takes a secret ARN of any partition, and nothing around one", () => {
        expect(external({ secretArn: "arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:tsdb-AbCdEf" })).to.deep.equal([]);
        for (const secretArn of ["xarn:aws:secretsmanager:us-east-1:111122223333:secret:tsdb", "arn:aws:secretsmanager:us-east-1:111122223333:secret:tsdb\nsecond line"]) {
            expect(external({ secretArn }), secretArn).to.deep.equal([{ key: key("secretArn"), message: `must be a Secrets Manager secret ARN (got ${JSON.stringify(secretArn)})` }]);
        }
    });
});

describe("instance classes, node types and access strings AWS would refuse or should not get", () => {
    it("accepts every listed RDS class in production, a Graviton one whose family stops at 16xlarge not above, and no other prefix", () => {
        for (const [family, sizes] of Object.entries(RDS_POSTGRES_INSTANCE_CLASSES)) {
            for (const size of sizes) expect(isRdsPostgresInstanceClass(`db.${family}.${size}`), `db.${family}.${size}`).to.equal(true);
        }
        expect(postgres((p) => { p.instanceClass = "db.r7g.2xlarge"; })).to.deep.equal([]);
        expect(isRdsPostgresInstanceClass("db.r6g.16xlarge")).to.equal(true);
        expect(isRdsPostgresInstanceClass("db.r6g.24xlarge")).to.equal(false);
        expect(isRdsPostgresInstanceClass("cache.r6g.large")).to.equal(false);
        expect(isRdsPostgresInstanceClass("db.r6g.large.x")).to.equal(false);
        expect(isRdsPostgresInstanceClass("db.t4g.mcro")).to.equal(false);
    });

    it("accepts every listed ElastiCache node type and refuses the retired t2 and other services' names", () => {
        for (const [family, sizes] of Object.entries(CACHE_NODE_TYPES)) {
            for (const size of sizes) expect(isCacheNodeType(`cache.${family}.${size}`), `cache.${family}.${size}`).to.equal(true);
        }
        expect(cache((c) => { c.nodeType = "cache.r7g.xlarge"; })).to.deep.equal([]);
        expect(isCacheNodeType("cache.t2.micro")).to.equal(false);
        expect(isCacheNodeType("db.r6g.large")).to.equal(false);
        expect(isCacheNodeType("cache.t4g.large")).to.equal(false);
    });

    it("finds a password-less user, every key and every command, each once, and nothing in the default access string", () => {
        expect(broadAccessGrants(DEFAULT_APP_ACCESS_STRING)).to.deep.equal([]);
        expect(broadAccessGrants("on nopass ~* +@all")).to.deep.equal(["nopass (no password)", "every key (~* or allkeys)", "every command (+@all or allcommands, nothing taken away)"]);
        expect(broadAccessGrants("on %RW~* allcommands -flushall")).to.deep.equal(["every key (~* or allkeys)"]);
        expect(broadAccessGrants("on %R~* ~a:* +@read")).to.deep.equal(["every key (~* or allkeys)"]);
        expect(broadAccessGrants("on ~a:* -@dangerous allcommands")).to.deep.equal(["every command (+@all or allcommands, nothing taken away)"]);
        expect(broadAccessGrants("on ~a* +@read")).to.deep.equal([]);
    });

    it("lets dev's user have every key and command without a password, and not staging's", () => {
        const wide = (c: Record<string, any>) => { c.accessString = "on nopass ~* +@all"; };
        expect(configProblems("dev", editSection("cache", wide))).to.deep.equal([]);
        expect(keysOf(configProblems("staging", editSection("cache", wide)))).to.deep.equal(["hse-platform:cache.accessString"]);
    });
});
