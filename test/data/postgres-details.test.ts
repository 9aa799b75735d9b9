// What the PostgreSQL tests by environment leave implicit, asserted exactly: the names and
// descriptions a person reads in the console, and the parameters left out when not asked for.
import { expect } from "chai";
import { postgresParameters } from "../../components/data/postgres-parameters";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { D } from "./types";

describe("PostgreSQL details of production", () => {
    let built: BuiltStack;
    let pg: ResourceSet;
    before(async () => {
        built = await buildStack("production");
        pg = built.subtree("hse-production-postgres");
    });

    it("names its parameter group after the instance, and says what it sets", () =>
        expect(pg.one(D.rdsParams).inputs).to.deep.include({
            namePrefix: "hse-production-postgres-",
            family: "postgres17",
            description: "hse-production-postgres: seed sizes, TLS only, slow statement and connection logging",
        }));
    it("tags the instance with its name", () => expect(pg.one(D.rds).inputs.tags).to.deep.equal({ Name: "hse-production-postgres" }));
    it("describes the Enhanced Monitoring role by the instance it serves", () =>
        expect(pg.named("hse-production-postgres-monitoring-role").inputs.description).to.equal("Enhanced Monitoring of hse-production-postgres"));
    it("describes and tags the disaster-recovery key by what it protects and where", () => {
        const key = pg.named("hse-production-postgres-backups-dr-key");
        expect(key.inputs.description).to.equal("hse-production-postgres: automated backups replicated from hse-production into us-west-2");
        expect(key.inputs.tags).to.deep.equal({ Name: "hse-production-backups-dr", Purpose: "disaster-recovery" });
    });
});

describe("PostgreSQL parameters (pure)", () => {
    const tuning = { maxConnections: 100, workMemMb: 4, slowStatementMs: 250 };
    it("leave shared_preload_libraries out when no library is asked for", () =>
        expect(postgresParameters("17.9", { ...tuning, sharedPreloadLibraries: [] }).map((p) => p.name)).to.deep.equal([
            "max_connections",
            "work_mem",
            "rds.force_ssl",
            "log_min_duration_statement",
            "log_connections",
            "log_disconnections",
        ]));
    it("list the libraries asked for, comma-separated, applied at the next reboot", () =>
        expect(postgresParameters("18.3", { ...tuning, sharedPreloadLibraries: ["pg_stat_statements", "auto_explain"] }).at(-1)).to.deep.equal({
            name: "shared_preload_libraries",
            value: "pg_stat_statements,auto_explain",
            applyMethod: "pending-reboot",
        }));
});
