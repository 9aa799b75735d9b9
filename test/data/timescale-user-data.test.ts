// The TimescaleDB instance's user data as EC2 receives it: under EC2's 16 KB limit with the
// longest values the stacks can give it, and its shell scripts, shipped without comments and
// indentation to fit, the same program bash reads from the commented files.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { bootScript, cloudConfig, TimescaleBootSettings, USER_DATA_MAX_BYTES, userDataBase64 } from "../../components/data/timescale-boot";
import { tempDir } from "../support/temp-dir";

// The longest values each setting takes in practice: a long region, 63-character bucket name (S3's
// maximum), three private subnets, long secret names.
const LONGEST: TimescaleBootSettings = {
    region: "ap-southeast-2",
    dataVolumeId: "vol-0123456789abcdef0",
    postgresMajor: 17,
    timescaledbVersion: "2.27.1",
    port: 65535,
    database: "hse_devices_events_database",
    adminSecretArn: "arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:hse/production/timescale-admin-AbCdEf",
    appSecretArn: "arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:hse/production/timescale-GhIjKl",
    tlsSecretArn: "arn:aws:secretsmanager:ap-southeast-2:111122223333:secret:hse/production/timescale-tls-MnOpQr",
    allowedCidrs: ["10.255.100.0/24", "10.255.101.0/24", "10.255.102.0/24"],
    backupBucket: `hse-production-timescale-backups-${"x".repeat(30)}`,
    fullBackupsKept: 52,
};

const dir = tempDir("user-data");
const shipped = (parse(cloudConfig(LONGEST).replace(/^#cloud-config\n/, "")) as { write_files: { path: string; content: string }[] }).write_files;
const shippedFile = (p: string) => shipped.find((f) => f.path === p)!.content;

/** The functions and settings bash holds after sourcing a script, as bash prints them. */
function definitions(script: string): string {
    const file = path.join(dir, `script-${Math.random().toString(36).slice(2)}.sh`);
    fs.writeFileSync(file, script);
    const run = spawnSync("bash", ["-c", `source ${file} && declare -f && declare -p | grep -E '^declare -[a-zA-Z-]*r[a-zA-Z-]* [A-Z_]+='`], { encoding: "utf8" });
    expect(run.status, run.stderr).to.equal(0);
    return run.stdout;
}

/** The lines of a script outside its here-documents' bodies. */
function outsideHereDocuments(lines: readonly string[]): string[] {
    const outside: string[] = [];
    let end: string | undefined;
    for (const line of lines) {
        if (end !== undefined) {
            if (line === end) end = undefined;
            continue;
        }
        outside.push(line);
        end = /<<-?\s*'?([A-Za-z_]+)'?\s*$/.exec(line)?.[1];
    }
    return outside;
}

describe("TimescaleDB user data as EC2 receives it", () => {
    it(`stays under EC2's ${USER_DATA_MAX_BYTES}-byte limit with the longest settings`, () => {
        expect(LONGEST.backupBucket).to.have.length(63);
        // EC2 counts the gzip-compressed bytes it is given (before base64).
        const size = Buffer.from(userDataBase64(cloudConfig(LONGEST)), "base64").length;
        expect(size).to.be.lessThan(USER_DATA_MAX_BYTES);
    });

    it("ships the boot script without comments, blank lines or indentation, yet the same program bash reads from the commented file", () => {
        const full = bootScript(LONGEST);
        const compact = shippedFile("/usr/local/sbin/hse-timescale-boot");
        expect(compact.startsWith("#!/usr/bin/env bash\n")).to.equal(true);
        const lines = outsideHereDocuments(compact.split("\n").slice(1, -1));
        expect(lines.filter((l) => l.trim() === "" || /^\s/.test(l) || (l.startsWith("#") && !l.startsWith("# shellcheck ")))).to.deep.equal([]);
        // A here-document (install_tls's Python) keeps its indentation, which is its syntax.
        expect(compact).to.include("\n    with os.fdopen(fd, \"w\") as f:\n        f.write(value[field])\n");
        expect(Buffer.byteLength(compact)).to.be.lessThan(Buffer.byteLength(full));
        expect(definitions(compact)).to.equal(definitions(full)).and.include("ensure_filesystem ()");
    });

    it("ships a boot script that passes shellcheck as it is", () => {
        const file = path.join(dir, "shipped-boot.sh");
        fs.writeFileSync(file, shippedFile("/usr/local/sbin/hse-timescale-boot"));
        const run = spawnSync("shellcheck", ["--shell=bash", "--severity=style", file], { encoding: "utf8" });
        expect(run.stdout + run.stderr).to.equal("");
        expect(run.status).to.equal(0);
    });
});
