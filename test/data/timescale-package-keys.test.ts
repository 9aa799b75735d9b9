// The boot document trusts a repository's signing key only by its pinned fingerprint: the boot
// script's pinned_key, run by bash against keys made here with gpg and served from files (curl
// reads file:// addresses as it reads https:// ones).
import { expect } from "chai";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { bootScript, cloudConfig, PGDG_KEY_FINGERPRINTS, TIMESCALE_KEY_FINGERPRINTS } from "../../components/data/timescale-boot";
import { tempDir } from "../support/temp-dir";
import { bootSettings } from "../support/timescale-boot-settings";

const SETTINGS = bootSettings("dev", "us-east-1", { allowedCidrs: ["10.0.10.0/24"] });

const dir = tempDir("keys");
const script = path.join(dir, "boot.sh");
fs.writeFileSync(script, bootScript(SETTINGS));
const gpgHome = path.join(dir, "gnupg");
fs.mkdirSync(gpgHome, { mode: 0o700 });

function gpg(...args: string[]): string {
    return execFileSync("gpg", ["--homedir", gpgHome, "--batch", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** A new signing key; returns its primary fingerprint. */
function newKey(name: string): string {
    gpg("--passphrase", "", "--quick-gen-key", `${name} <${name}@example.com>`, "ed25519", "sign", "never");
    return primaryFingerprints(gpg("--with-colons", "--list-keys", `${name}@example.com`))[0];
}

function primaryFingerprints(colons: string): string[] {
    const lines = colons.split("\n");
    return lines.flatMap((line, i) => (line.startsWith("pub:") ? [lines.slice(i).find((l) => l.startsWith("fpr:"))!.split(":")[9]] : []));
}

/** The keys in an exported (armored or binary) file, by primary fingerprint. */
function keysIn(file: string): string[] {
    return primaryFingerprints(execFileSync("gpg", ["--batch", "--with-colons", "--show-keys", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
}

function serve(name: string, ...fingerprints: string[]): string {
    const file = path.join(dir, `${name}.asc`);
    fs.writeFileSync(file, gpg("--armor", "--export", ...fingerprints));
    return `file://${file}`;
}

function pinnedKey(url: string, keyring: string, ...pinned: string[]) {
    const run = spawnSync("bash", ["-c", `source ${script} && pinned_key "$@"`, "pinned_key", url, keyring, ...pinned], { encoding: "utf8" });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("TimescaleDB boot: package signing keys pinned by fingerprint (real gpg)", function () {
    let repository: string;
    let stranger: string;
    before(() => {
        repository = newKey("repository");
        stranger = newKey("stranger");
    });
    after(() => spawnSync("gpgconf", ["--homedir", gpgHome, "--kill", "all"]));

    it("trusts the served key when its fingerprint is pinned, writing exactly that key", () => {
        const keyring = path.join(dir, "ok.gpg");
        const run = pinnedKey(serve("ok", repository), keyring, repository);
        expect(run.status, run.output).to.equal(0);
        expect(keysIn(keyring)).to.deep.equal([repository]);
    });

    it("keeps only the pinned keys of a download that holds others too", () => {
        const keyring = path.join(dir, "mixed.gpg");
        const run = pinnedKey(serve("mixed", stranger, repository), keyring, repository);
        expect(run.status, run.output).to.equal(0);
        expect(keysIn(keyring)).to.deep.equal([repository]);
    });

    it("refuses a download that holds no pinned key, and writes no keyring", () => {
        const keyring = path.join(dir, "refused.gpg");
        const run = pinnedKey(serve("swapped", stranger), keyring, repository);
        expect(run.status).to.equal(1);
        expect(run.output).to.include("not trusting it");
        expect(fs.existsSync(keyring)).to.equal(false);
    });

    it("refuses a download that is not a key, or that cannot be fetched", () => {
        const garbage = path.join(dir, "garbage.asc");
        fs.writeFileSync(garbage, "<html>maintenance</html>");
        for (const url of [`file://${garbage}`, `file://${path.join(dir, "missing.asc")}`]) {
            const keyring = path.join(dir, "none.gpg");
            expect(pinnedKey(url, keyring, repository).status, url).to.equal(1);
            expect(fs.existsSync(keyring)).to.equal(false);
        }
    });

    it("does not take a short id or a subkey's fingerprint for a pinned primary key", () => {
        const keyring = path.join(dir, "short.gpg");
        expect(pinnedKey(serve("short", repository), keyring, repository.slice(-16)).status).to.equal(1);
        expect(fs.existsSync(keyring)).to.equal(false);
        gpg("--passphrase", "", "--quick-add-key", stranger, "ed25519", "sign", "never");
        const fingerprints = gpg("--with-colons", "--list-keys", stranger).split("\n").filter((l) => l.startsWith("fpr:")).map((l) => l.split(":")[9]);
        const subkey = fingerprints.find((f) => f !== stranger)!;
        expect(subkey).to.match(/^[0-9A-F]{40}$/);
        expect(pinnedKey(serve("subkey", stranger), keyring, subkey).status).to.equal(1);
        expect(fs.existsSync(keyring)).to.equal(false);
    });

    it("fetches both repositories' keys through pinned_key with the pinned fingerprints, and no key otherwise", () => {
        const body = bootScript(SETTINGS);
        expect(body).to.not.match(/gpg --dearmor|apt-key|trusted=yes/);
        const calls = body.split("\n").filter((l) => /^\s*pinned_key /.test(l)).map((l) => l.trim());
        expect(calls).to.deep.equal([
            'pinned_key https://www.postgresql.org/media/keys/ACCC4CF8.asc /etc/apt/keyrings/pgdg.gpg "${PGDG_KEYS[@]}"',
            'pinned_key https://packagecloud.io/timescale/timescaledb/gpgkey /etc/apt/keyrings/timescaledb.gpg "${TIMESCALE_KEYS[@]}"',
        ]);
        const values = spawnSync("bash", ["-c", `source ${script} && echo "\${PGDG_KEYS[*]}" && echo "\${TIMESCALE_KEYS[*]}"`], { encoding: "utf8" }).stdout.trim().split("\n");
        expect(values).to.deep.equal([PGDG_KEY_FINGERPRINTS.join(" "), TIMESCALE_KEY_FINGERPRINTS.join(" ")]);
        // Full 40-digit fingerprints only: a short id can be forged.
        for (const fpr of [...PGDG_KEY_FINGERPRINTS, ...TIMESCALE_KEY_FINGERPRINTS]) expect(fpr).to.match(/^[0-9A-F]{40}$/);
        // Each repository is signed-by its own keyring.
        expect(body).to.include("deb [signed-by=/etc/apt/keyrings/pgdg.gpg] https://apt.postgresql.org/pub/repos/apt");
        expect(body).to.include("deb [signed-by=/etc/apt/keyrings/timescaledb.gpg] https://packagecloud.io/timescale/timescaledb/ubuntu/");
        expect(cloudConfig(SETTINGS)).to.include("B97B0AFCAA1A47F044F244A07FCC7D46ACCC4CF8");
    });
});
