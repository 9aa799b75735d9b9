// The TimescaleDB server starts with what the boot document writes: a real PostgreSQL (Debian's
// package) given the generated /etc/hse-timescale files, included as the boot script includes
// them, and the memory settings the tuning script writes before every start (from a fake
// /proc/meminfo of 512 MiB). Including the whole directory made PostgreSQL read pg_hba.conf as a settings file, and the
// server never started.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { bootScript, cloudConfig, TUNE_SCRIPT } from "../../components/data/timescale-boot";
import { BootCluster, OVERRIDDEN, startBootCluster } from "../support/boot-cluster";
import { bootSettings } from "../support/timescale-boot-settings";

const SETTINGS = bootSettings("staging", "eu-west-1", { allowedCidrs: ["10.1.10.0/24", "10.1.11.0/24"], fullBackupsKept: 3 });

describe("TimescaleDB server started with the boot document's configuration (real PostgreSQL)", function () {
    let cluster: BootCluster;

    before(async () => {
        cluster = await startBootCluster({
            cloudConfig: cloudConfig(SETTINGS),
            bootScript: bootScript(SETTINGS),
            beforeStart: ({ configDir }) => {
                const meminfo = path.join(configDir, "..", "meminfo");
                fs.writeFileSync(meminfo, "MemTotal:         524288 kB\nMemFree:          100000 kB\n");
                const tune = path.join(configDir, "..", "tune.sh");
                fs.writeFileSync(tune, TUNE_SCRIPT);
                const run = spawnSync("bash", ["-c", `source ${tune} && write_memory_settings ${meminfo} ${configDir}/memory.conf`], { encoding: "utf8" });
                if (run.status !== 0) throw new Error(run.stderr);
                fs.chmodSync(path.join(configDir, "memory.conf"), 0o644);
            },
        });
    });
    after(() => cluster?.stop());

    it("includes the settings files by name, never the directory that holds pg_hba.conf", () => {
        const conf = fs.readFileSync(path.join(cluster.dataDir, "postgresql.conf"), "utf8");
        expect(conf).to.not.match(/^\s*include_dir\b/m);
        expect(fs.readdirSync(cluster.configDir)).to.include("pg_hba.conf");
        expect(cluster.psql("SELECT count(*) FROM pg_file_settings WHERE sourcefile LIKE '%pg_hba.conf'")).to.equal("0");
    });

    it("runs with the document's settings: TLS 1.2 or later, SCRAM, WAL archived by pgBackRest", () => {
        const show = (name: string) => cluster.psql(`SHOW ${name}`);
        expect(show("ssl")).to.equal("on");
        expect(show("ssl_min_protocol_version")).to.equal("TLSv1.2");
        expect(show("password_encryption")).to.equal("scram-sha-256");
        expect(show("wal_level")).to.equal("replica");
        expect(show("archive_mode")).to.equal("on");
        expect(show("archive_command")).to.equal("pgbackrest --stanza=hse archive-push %p");
        expect(show("hba_file")).to.equal(path.join(cluster.configDir, "pg_hba.conf"));
        // Every settings line of the document is applied without error (but those the test's command line overrides).
        const overridden = OVERRIDDEN.map((name) => `'${name}'`).join(", ");
        expect(cluster.psql(`SELECT name || ': ' || error FROM pg_file_settings WHERE error IS NOT NULL AND name NOT IN (${overridden})`)).to.equal("");
        expect(cluster.psql("SELECT count(*) FROM pg_file_settings WHERE sourcefile LIKE '%/hse.conf' AND error IS NULL")).to.equal("13");
        expect([show("ssl_cert_file"), show("ssl_key_file")].map((file) => path.basename(file))).to.deep.equal(["server.crt", "server.key"]);
    });

    it("runs with the memory settings tuned before the start: a quarter, three quarters and a sixteenth of memory", () => {
        expect(["shared_buffers", "effective_cache_size", "maintenance_work_mem"].map((name) => cluster.psql(`SHOW ${name}`))).to.deep.equal(["128MB", "384MB", "32MB"]);
        expect(cluster.psql("SELECT DISTINCT sourcefile FROM pg_settings WHERE name IN ('shared_buffers', 'effective_cache_size', 'maintenance_work_mem')")).to.equal(path.join(cluster.configDir, "memory.conf"));
    });

    it("loads the document's pg_hba rules: TLS and SCRAM from the allowed networks, the superuser by peer", () => {
        const rules = cluster.psql("SELECT type, database[1], user_name[1], coalesce(address, ''), coalesce(netmask, ''), auth_method FROM pg_hba_file_rules WHERE error IS NULL ORDER BY line_number");
        expect(rules.split("\n")).to.deep.equal([
            "local|all|postgres|||peer",
            "hostssl|all|all|10.1.10.0|255.255.255.0|scram-sha-256",
            "hostssl|all|all|10.1.11.0|255.255.255.0|scram-sha-256",
        ]);
        expect(cluster.psql("SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL")).to.equal("0");
    });
});
