// The restore drill: TimescaleDB's point-in-time recovery exercised end to end on a real
// PostgreSQL (Debian's package) with Debian's pgBackRest. The boot document's own pgBackRest
// configuration, pointed at a local repository instead of S3, archives WAL (through the
// document's archive_command) and takes a full backup (the document's backup unit's command);
// rows are written after the backup with a target time taken between two of them; then the
// recovery procedure in docs/data.md, run as written, brings back exactly the rows committed before it.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { bootScript, cloudConfig, STANZA } from "../../components/data/timescale-boot";
import { REPO_ROOT } from "../../offline/stack-file";
import { BootCluster, startBootCluster } from "../support/boot-cluster";
import { tempDir } from "../support/temp-dir";
import { bootSettings } from "../support/timescale-boot-settings";

const SETTINGS = bootSettings("production", "eu-west-1", { allowedCidrs: ["10.1.10.0/24"], fullBackupsKept: 4 });

const PROCEDURE_HEADING = "### Restoring TimescaleDB to a point in time";

const files = (parse(cloudConfig(SETTINGS).replace(/^#cloud-config\n/, "")) as { write_files: { path: string; content: string }[] }).write_files;
const written = (p: string) => {
    const found = files.find((f) => f.path === p);
    if (!found) throw new Error(`the boot document writes no ${p}`);
    return found.content;
};

/** The documented procedure (docs/data.md): the bash block under its heading. */
export function documentedProcedure(document: string): string[] {
    const section = document.split(PROCEDURE_HEADING)[1];
    if (section === undefined) throw new Error(`docs/data.md has no "${PROCEDURE_HEADING}" section`);
    const block = /```bash\n([\s\S]*?)```/.exec(section);
    if (!block) throw new Error(`docs/data.md's "${PROCEDURE_HEADING}" has no bash block`);
    return block[1].split("\n").filter((line) => line.trim() !== "");
}

/**
 * The boot document's pgbackrest.conf with the repository on local disk (repo1-type=posix) and
 * the cluster's paths; everything else (retention, compression, asynchronous archiving, fast
 * start, the stanza) as the instance has it. Fails on any S3 or path key it does not know, so a
 * change of the document's configuration is seen here.
 */
function drillConfig(document: string, cluster: BootCluster, dir: string): string {
    const replaced: Record<string, string> = {
        "repo1-type": "posix",
        "repo1-path": path.join(dir, "repository"),
        "spool-path": path.join(dir, "spool"),
        "pg1-path": cluster.dataDir,
        "pg1-port": String(cluster.port),
    };
    const dropped = ["repo1-s3-bucket", "repo1-s3-region", "repo1-s3-endpoint", "repo1-s3-key-type"];
    const seen = new Set<string>();
    const lines = document.split("\n").flatMap((line) => {
        const key = line.split("=")[0];
        if (!line.includes("=")) return [line];
        seen.add(key);
        if (dropped.includes(key)) return [];
        if (key in replaced) return [`${key}=${replaced[key]}`];
        if (/^repo\d+-s3-|-path$/.test(key)) throw new Error(`the drill does not know what to do with ${key} of the boot document's pgbackrest.conf`);
        return [line];
    });
    for (const key of [...Object.keys(replaced), ...dropped]) if (!seen.has(key)) throw new Error(`the boot document's pgbackrest.conf has no ${key}`);
    // Where the test machine keeps pgBackRest's locks, logs and the server's socket.
    const global = lines.indexOf("[global]");
    lines.splice(global + 1, 0, `lock-path=${path.join(dir, "lock")}`, `log-path=${path.join(dir, "log")}`);
    const stanza = lines.indexOf(`[${STANZA}]`);
    lines.splice(stanza + 1, 0, `pg1-socket-path=${cluster.dir}`);
    return lines.join("\n");
}

describe("TimescaleDB restore drill: point-in-time recovery with the boot document's pgBackRest (real PostgreSQL and pgBackRest)", function () {
    let cluster: BootCluster;
    const dir = tempDir("drill");
    fs.chmodSync(dir, 0o777);
    const configFile = path.join(dir, "pgbackrest.conf");

    before(async () => {
        cluster = await startBootCluster({ cloudConfig: cloudConfig(SETTINGS), bootScript: bootScript(SETTINGS), env: { PGBACKREST_CONFIG: configFile } });
        fs.writeFileSync(configFile, drillConfig(written("/etc/pgbackrest/pgbackrest.conf"), cluster, dir), { mode: 0o644 });
    });
    after(() => cluster?.stop());

    const pgbackrest = (...args: string[]) => {
        const { status, output } = cluster.asPostgres("pgbackrest", args);
        if (status !== 0) throw new Error(`pgbackrest ${args.join(" ")} failed (${status}):\n${output}`);
        return output;
    };
    const ids = () => cluster.psql("SELECT string_agg(id::text, ',' ORDER BY id) FROM drill");
    // Each row in a transaction of its own, so each has its own commit time.
    const insert = (id: number) => `INSERT INTO drill VALUES (${id}, clock_timestamp())`;

    it("brings back exactly the rows committed before the target time, by the documented procedure", () => {
        // The boot script's first steps (configure_backups): the stanza, and a check that WAL reaches the repository.
        pgbackrest(`--stanza=${STANZA}`, "stanza-create");
        pgbackrest(`--stanza=${STANZA}`, "check");

        cluster.psql(["CREATE TABLE drill (id int PRIMARY KEY, written timestamptz NOT NULL)", insert(1)]);
        // The weekly full backup, by the document's backup unit's own command.
        const backup = /^ExecStart=(\S+) (.*)$/m.exec(written("/etc/systemd/system/hse-backup-full.service"))!;
        expect(backup[1]).to.equal("/usr/bin/pgbackrest");
        pgbackrest(...backup[2].split(" "));
        expect(JSON.parse(pgbackrest(`--stanza=${STANZA}`, "info", "--output=json"))[0].backup.map((b: { type: string }) => b.type)).to.deep.equal(["full"]);

        // Rows written after the backup, only in the archived WAL; the target between the second and the third.
        const target = cluster.psql([
            // pgBackRest keeps a backup's stop time in whole seconds, and a restore needs a backup
            // that stopped before the target: the rows come more than a second after the backup.
            "SELECT pg_sleep(1.1)",
            insert(2),
            insert(3),
            "SELECT pg_sleep(0.05)",
            "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'",
            "SELECT pg_sleep(0.05)",
            insert(4),
            insert(5),
        ]).split("\n").find((l) => /^\d{4}-/.test(l))!;
        expect(target).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00$/);
        // A WAL switch, and a wait until the segment with rows 4 and 5 is in the repository.
        pgbackrest(`--stanza=${STANZA}`, "check");
        expect(ids()).to.equal("1,2,3,4,5");

        // The documented procedure, line by line as written: systemctl and sudo stand for the
        // instance's, the time is the target.
        const procedure = documentedProcedure(fs.readFileSync(path.join(REPO_ROOT, "docs", "data.md"), "utf8"));
        expect(procedure).to.have.length(3);
        for (const line of procedure) {
            const stop = line === "sudo systemctl stop hse-timescaledb";
            const start = line === "sudo systemctl start hse-timescaledb";
            if (stop) cluster.stop();
            else if (start) cluster.start();
            else {
                const restore = /^sudo -u postgres (pgbackrest .*)$/.exec(line);
                if (!restore) throw new Error(`the drill does not know how to run this line of the documented procedure: ${line}`);
                const args = restore[1].replace(/'<UTC time[^>]*>'/, `'${target}'`).split(/ (?=--|restore$)/).slice(1).map((a) => a.replace(/^(--target=)'(.*)'$/, "$1$2"));
                expect(args.find((a) => a.startsWith("--target="))).to.equal(`--target=${target}`);
                pgbackrest(...args);
            }
        }

        // Recovery runs to the target, then the server is promoted and takes writes again.
        const deadline = Date.now() + 60_000;
        while (cluster.psql("SELECT pg_is_in_recovery()") !== "f") {
            if (Date.now() > deadline) throw new Error("the restored server never left recovery");
            cluster.psql("SELECT pg_sleep(0.2)");
        }
        expect(ids()).to.equal("1,2,3");
        expect(cluster.psql([insert(6), "SELECT string_agg(id::text, ',' ORDER BY id) FROM drill"]).split("\n").pop()).to.equal("1,2,3,6");
    });
});
