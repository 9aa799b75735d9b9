// The TimescaleDB instance's first-boot document, checked by the real tools: shellcheck on the
// script, `cloud-init schema` on the cloud-config, and bash running the format guard on disk
// images. Debian's shellcheck and cloud-init packages are installed by .ci/run.
import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { bootScript, cloudConfig, pgHba, USER_DATA_MAX_BYTES, userDataBase64 } from "../../components/data/timescale-boot";
import { tempDir } from "../support/temp-dir";
import { bootSettings } from "../support/timescale-boot-settings";

const SETTINGS = bootSettings("dev", "us-east-1");

const dir = tempDir("boot");
const scriptFile = path.join(dir, "boot.sh");
fs.writeFileSync(scriptFile, bootScript(SETTINGS));

function tool(name: string): string {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
    if (!found) throw new Error(`${name} is not installed: apt-get install ${name === "cloud-init" ? "cloud-init" : name} (.ci/run does)`);
    return found;
}

/** Sources the script (main does not run then) and calls one of its functions. */
function runFunction(call: string): { status: number | null; output: string } {
    const run = spawnSync("bash", ["-c", `source ${scriptFile} && ${call}`], { encoding: "utf8" });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("TimescaleDB boot document", () => {
    it("passes shellcheck", () => {
        const run = spawnSync(tool("shellcheck"), ["--shell=bash", "--severity=style", scriptFile], { encoding: "utf8" });
        expect(run.stdout + run.stderr).to.equal("");
        expect(run.status).to.equal(0);
    });

    it("is a cloud-config that passes cloud-init's schema", () => {
        const file = path.join(dir, "user-data.yaml");
        fs.writeFileSync(file, cloudConfig(SETTINGS));
        const run = spawnSync(tool("cloud-init"), ["schema", "--config-file", file], { encoding: "utf8" });
        expect(run.stdout + run.stderr).to.match(/Valid (cloud-config|schema)/);
        expect(run.status).to.equal(0);
    });

    it("fits EC2's 16 KB user data limit", () => {
        expect(Buffer.from(userDataBase64(cloudConfig(SETTINGS)), "base64").length).to.be.lessThan(USER_DATA_MAX_BYTES);
    });

    it("carries secret ARNs and no secret", () => {
        const document = cloudConfig(SETTINGS);
        expect(document).to.include(SETTINGS.adminSecretArn).and.include(SETTINGS.appSecretArn).and.include(SETTINGS.tlsSecretArn);
        expect(document).to.not.include("PRIVATE KEY");
        expect(document).to.not.match(/password\s*[:=]\s*\S/i);
    });

    it("formats a blank volume, and keeps the file system of one that has it", () => {
        tool("mkfs.ext4");
        const image = path.join(dir, "data.img");
        execFileSync("truncate", ["-s", "64M", image]);
        const first = runFunction(`ensure_filesystem ${image}`);
        expect(first.status, first.output).to.equal(0);
        expect(first.output).to.include("is blank; creating a file system");
        const uuid = execFileSync("blkid", ["-p", "-s", "UUID", "-o", "value", image], { encoding: "utf8" }).trim();
        expect(uuid).to.match(/^[0-9a-f-]{36}$/);

        const second = runFunction(`ensure_filesystem ${image}`);
        expect(second.status).to.equal(0);
        expect(second.output).to.include("a file system is on");
        expect(execFileSync("blkid", ["-p", "-s", "UUID", "-o", "value", image], { encoding: "utf8" }).trim(), "not reformatted").to.equal(uuid);
    });

    it("keeps a volume that holds any other signature (never formats what it does not recognise as blank)", () => {
        const image = path.join(dir, "swap.img");
        execFileSync("truncate", ["-s", "16M", image]);
        // A swap signature is not ext4, but it is a signature: the volume is not blank.
        execFileSync(tool("mkswap"), [image], { stdio: "pipe" });
        const before = fs.readFileSync(image);
        const run = runFunction(`ensure_filesystem ${image}`);
        expect(run.status).to.equal(0);
        expect(run.output).to.include("a file system is on");
        expect(fs.readFileSync(image).equals(before)).to.equal(true);
    });

    it("refuses to format a device that does not exist", () => {
        const run = runFunction(`ensure_filesystem ${path.join(dir, "missing")}`);
        expect(run.status).to.equal(1);
        expect(run.output).to.include("does not exist; not formatting anything");
    });

    it("finds the data volume by its id, as Nitro names it", () => {
        expect(runFunction("data_device").output.trim()).to.equal("/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0");
    });

    it("accepts only TLS and SCRAM, from the allowed networks only", () => {
        expect(pgHba(SETTINGS.allowedCidrs).trim().split("\n")).to.deep.equal([
            "local all postgres peer",
            "hostssl all all 10.0.10.0/24 scram-sha-256",
            "hostssl all all 10.0.11.0/24 scram-sha-256",
        ]);
        const document = cloudConfig(SETTINGS);
        expect(document).to.include("ssl = on").and.include("password_encryption = 'scram-sha-256'").and.include("shared_preload_libraries = 'timescaledb'");
        expect(document).to.include("archive_command = 'pgbackrest --stanza=hse archive-push %p'");
        expect(document).to.include("repo1-s3-bucket=hse-dev-timescale-backups-abc").and.include("repo1-retention-full=2");
    });

    it("installs Timescale's Community build of the pinned version from Timescale's repository", () => {
        const script = bootScript(SETTINGS);
        expect(script).to.include("https://packagecloud.io/timescale/timescaledb/ubuntu/");
        expect(script).to.include('"timescaledb-2-$TIMESCALEDB_VERSION-postgresql-$PG_MAJOR"');
        expect(script).to.include("readonly TIMESCALEDB_VERSION='2.27.1'");
        expect(script).to.not.include("-oss-");
    });

    it("sets every value the shared logic reads, from the settings", () => {
        const names = ["REGION", "DATA_VOLUME_ID", "PG_MAJOR", "TIMESCALEDB_VERSION", "PG_PORT", "DATABASE", "ADMIN_SECRET_ARN", "APP_SECRET_ARN", "TLS_SECRET_ARN", "TLS_DIR", "MOUNT_POINT", "PGDATA", "STANZA"];
        const { status, output } = runFunction(names.map((name) => `echo "${name}=$${name}"`).join(" && "));
        expect(status).to.equal(0);
        expect(output.trim().split("\n")).to.deep.equal([
            "REGION=us-east-1",
            "DATA_VOLUME_ID=vol-0123456789abcdef0",
            "PG_MAJOR=17",
            "TIMESCALEDB_VERSION=2.27.1",
            "PG_PORT=5432",
            "DATABASE=hse_devices",
            `ADMIN_SECRET_ARN=${SETTINGS.adminSecretArn}`,
            `APP_SECRET_ARN=${SETTINGS.appSecretArn}`,
            `TLS_SECRET_ARN=${SETTINGS.tlsSecretArn}`,
            "TLS_DIR=/etc/hse-timescale-tls",
            "MOUNT_POINT=/data",
            "PGDATA=/data/postgresql/17",
            "STANZA=hse",
        ]);
    });

    it("installs the stack's certificate and key from their secret, readable by postgres alone, instead of making a self-signed one", () => {
        expect(bootScript(SETTINGS)).to.not.match(/openssl req|-x509/);
        // boto3 stood in by a module that answers GetSecretValue for the TLS secret only.
        const fake = tempDir("boto3");
        fs.writeFileSync(path.join(fake, "boto3.py"), [
            "import json",
            "class _Client:",
            "    def get_secret_value(self, SecretId):",
            `        assert SecretId == ${JSON.stringify(SETTINGS.tlsSecretArn)}, SecretId`,
            "        return {'SecretString': json.dumps({'certificate': 'CERT-PEM\\n', 'privateKey': 'KEY-PEM\\n'})}",
            "def client(service, region_name):",
            `    assert (service, region_name) == ('secretsmanager', ${JSON.stringify(SETTINGS.region)})`,
            "    return _Client()",
            "",
        ].join("\n"));
        const target = path.join(tempDir("tls"), "tls");
        const run = spawnSync("bash", ["-c", `source ${scriptFile} && install_tls ${target}`], { encoding: "utf8", env: { ...process.env, PYTHONPATH: fake } });
        expect(run.status, run.stderr).to.equal(0);
        expect(run.stdout).to.not.include("KEY-PEM");
        expect(fs.readFileSync(path.join(target, "server.crt"), "utf8")).to.equal("CERT-PEM\n");
        expect(fs.readFileSync(path.join(target, "server.key"), "utf8")).to.equal("KEY-PEM\n");
        const owner = execFileSync("stat", ["-c", "%U %a", target, path.join(target, "server.crt"), path.join(target, "server.key")], { encoding: "utf8" }).trim().split("\n");
        expect(owner).to.deep.equal(["postgres 700", "postgres 600", "postgres 600"]);
        expect(fs.readdirSync(target).sort()).to.deep.equal(["server.crt", "server.key"]);
    });

    it("quotes every setting for the shell", () => {
        const script = bootScript({ ...SETTINGS, database: "it's" });
        expect(script).to.include(`readonly DATABASE='it'"'"'s'`);
        const run = spawnSync("bash", ["-c", `source /dev/stdin <<'EOF'\n${script}\nEOF\necho "$DATABASE"`], { encoding: "utf8" });
        expect(run.stdout.trim()).to.equal("it's");
    });
});
