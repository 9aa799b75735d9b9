// hse-timescale-tune, which the server unit runs before every start (so at every boot): memory
// settings from a fake /proc/meminfo (a real PostgreSQL runs with them in
// timescale-server-start.test.ts), and the file system grown to a bigger disk image by the real
// e2fsprogs.
import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { cloudConfig, shippedShell, TimescaleBootSettings, TUNE_PATH, TUNE_SCRIPT } from "../../components/data/timescale-boot";
import { tempDir } from "../support/temp-dir";

const dir = tempDir("tune");
const script = path.join(dir, "tune.sh");
fs.writeFileSync(script, TUNE_SCRIPT);

function run(call: string, scriptFile = script): { status: number | null; output: string } {
    const result = spawnSync("bash", ["-c", `source ${scriptFile} && ${call}`], { encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function meminfo(totalKb: number): string {
    const file = path.join(dir, `meminfo-${totalKb}`);
    fs.writeFileSync(file, `MemTotal:       ${totalKb} kB\nMemFree:          123456 kB\nMemAvailable:    654321 kB\n`);
    return file;
}

function blockCount(image: string): number {
    const header = execFileSync("dumpe2fs", ["-h", image], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return Number(/^Block count:\s+(\d+)$/m.exec(header)![1]);
}

describe("TimescaleDB tuning before every start (hse-timescale-tune)", function () {

    it("gives a quarter of memory to shared buffers, three quarters to the cache estimate, a sixteenth (at most 2 GiB) to maintenance", () => {
        const settings = (kb: number) => run(`memory_settings ${meminfo(kb)}`).output.split("\n").filter((l) => l && !l.startsWith("#"));
        // t4g.small-like: 2 GiB.
        expect(settings(2097152)).to.deep.equal(["shared_buffers = '524288kB'", "effective_cache_size = '1572864kB'", "maintenance_work_mem = '131072kB'"]);
        // r6g.large-like: 16 GiB.
        expect(settings(16777216)).to.deep.equal(["shared_buffers = '4194304kB'", "effective_cache_size = '12582912kB'", "maintenance_work_mem = '1048576kB'"]);
        // 64 GiB: maintenance stops at 2 GiB.
        expect(settings(67108864)).to.deep.equal(["shared_buffers = '16777216kB'", "effective_cache_size = '50331648kB'", "maintenance_work_mem = '2097152kB'"]);
    });

    it("follows a bigger instance: a second run replaces the settings of the first, readable by the server only", () => {
        const file = path.join(dir, "memory.conf");
        expect(run(`write_memory_settings ${meminfo(2097152)} ${file}`).status).to.equal(0);
        expect(run(`write_memory_settings ${meminfo(16777216)} ${file}`).status).to.equal(0);
        const content = fs.readFileSync(file, "utf8");
        expect(content.match(/^shared_buffers = .*$/gm)).to.deep.equal(["shared_buffers = '4194304kB'"]);
        expect(fs.statSync(file).mode & 0o777).to.equal(0o640);
        expect(fs.existsSync(`${file}.new`)).to.equal(false);
    });

    it("refuses a meminfo without a usable MemTotal and keeps the settings it had", () => {
        const file = path.join(dir, "memory-kept.conf");
        expect(run(`write_memory_settings ${meminfo(4194304)} ${file}`).status).to.equal(0);
        const before = fs.readFileSync(file, "utf8");
        const broken = path.join(dir, "meminfo-broken");
        fs.writeFileSync(broken, "MemFree: 1 kB\n");
        const result = run(`write_memory_settings ${broken} ${file}`);
        expect(result.status).to.equal(1);
        expect(result.output).to.include("no usable MemTotal");
        expect(fs.readFileSync(file, "utf8")).to.equal(before);
    });

    it("grows the file system to a bigger volume, and leaves it as it is when it already fills it", () => {
        const image = path.join(dir, "data.img");
        execFileSync("truncate", ["-s", "32M", image]);
        execFileSync("mkfs.ext4", ["-q", "-b", "4096", image]);
        const before = blockCount(image);
        expect(before).to.equal(8192);
        // The volume grows (an in-place EBS change); the file system does not by itself.
        execFileSync("truncate", ["-s", "64M", image]);
        expect(blockCount(image)).to.equal(before);
        const grown = run(`grow_filesystem ${image}`);
        expect(grown.status, grown.output).to.equal(0);
        expect(blockCount(image)).to.equal(16384);
        const again = run(`grow_filesystem ${image}`);
        expect(again.status, again.output).to.equal(0);
        expect(blockCount(image)).to.equal(16384);
    });

    it("refuses to run when nothing is mounted at the data mount point", () => {
        const notMounted = path.join(dir, "not-a-mount");
        fs.mkdirSync(notMounted);
        const result = run(`main ${notMounted} ${path.join(dir, "never.conf")}`);
        expect(result.status).to.equal(1);
        expect(result.output).to.include(`nothing is mounted at ${notMounted}`);
        expect(fs.existsSync(path.join(dir, "never.conf"))).to.equal(false);
    });

    it("is shipped in the user data as the same program, and passes shellcheck as shipped", () => {
        const settings = { region: "us-east-1", dataVolumeId: "vol-0123456789abcdef0", postgresMajor: 17, timescaledbVersion: "2.27.1", port: 5432, database: "d", adminSecretArn: "a", appSecretArn: "b", tlsSecretArn: "c", allowedCidrs: [], backupBucket: "b", fullBackupsKept: 1 } satisfies TimescaleBootSettings;
        const files = (parse(cloudConfig(settings).replace(/^#cloud-config\n/, "")) as { write_files: { path: string; content: string; permissions: string }[] }).write_files;
        const shipped = files.find((f) => f.path === TUNE_PATH)!;
        expect(shipped.content).to.equal(shippedShell(TUNE_SCRIPT));
        expect(shipped.permissions).to.equal("0750");
        const shippedFile = path.join(dir, "tune-shipped.sh");
        fs.writeFileSync(shippedFile, shipped.content);
        const declared = (file: string) => spawnSync("bash", ["-c", `source ${file} && declare -f`], { encoding: "utf8" }).stdout;
        expect(declared(shippedFile)).to.equal(declared(script)).and.include("grow_filesystem ()");
        const check = spawnSync("shellcheck", ["--severity=style", shippedFile, script], { encoding: "utf8" });
        expect(check.stdout + check.stderr).to.equal("");
        expect(check.status).to.equal(0);
    });
});
