// A throwaway PostgreSQL server for tests that need a real engine: Debian's postgresql package
// (installed by .ci/run), a fresh cluster in a temporary directory, TCP on a free local port,
// SCRAM authentication, and every statement logged, so a test can read what reached the log.
// Optionally TLS with a given certificate and an hba file of the test's (e.g. the boot
// document's TLS-only rules).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

export interface TestPostgres {
    readonly port: number;
    readonly logFile: string;
    /** Connection settings of the cluster's superuser (trust on the local socket). */
    readonly socketDir: string;
    stop(): void;
}

const SERVER_ROOT = "/usr/lib/postgresql";

export function serverBin(): string {
    const versions = fs.existsSync(SERVER_ROOT) ? fs.readdirSync(SERVER_ROOT).filter((v) => fs.existsSync(path.join(SERVER_ROOT, v, "bin", "initdb"))) : [];
    if (versions.length === 0) {
        throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql: install Debian's postgresql package (apt-get install postgresql; .ci/run does)");
    }
    return path.join(SERVER_ROOT, versions.sort((a, b) => Number(b) - Number(a))[0], "bin");
}

/** initdb and the server refuse to run as root: run them as the package's postgres user then. */
function run(command: string, args: string[]): string {
    const options = { stdio: "pipe" as const, encoding: "utf8" as const };
    // From "/" as postgres: that user may not enter the checkout (a clone under a 0700 temporary directory, say).
    return process.getuid?.() === 0 ? execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { ...options, cwd: "/" }) : execFileSync(command, args, options);
}

/**
 * How PostgreSQL reads a configuration file: a fresh cluster that includes `conf`, asked for
 * each of `names` with `postgres -C` (which parses the whole configuration and exits, failing on
 * any value the server would refuse at start). The server is never started.
 */
export function readSettings(conf: string, names: readonly string[]): Record<string, string> {
    const bin = serverBin();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hse-pgconf-"));
    fs.chmodSync(dir, 0o777);
    try {
        const data = path.join(dir, "data");
        if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
        run(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth-local=trust"]);
        const included = path.join(dir, "included.conf");
        fs.writeFileSync(included, conf, { mode: 0o644 });
        fs.appendFileSync(path.join(data, "postgresql.conf"), `\ninclude '${included}'\n`);
        return Object.fromEntries(names.map((name) => [name, run(path.join(bin, "postgres"), ["-D", data, "-C", name]).trim()]));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
        server.on("error", reject);
    });
}

export interface PostgresOptions {
    /** TLS on, with this certificate and key (copied next to the cluster, readable by the server only). */
    readonly tls?: { readonly certificateFile: string; readonly keyFile: string };
    /** The whole pg_hba.conf; initdb's (trust on the socket, SCRAM over TCP) when absent. */
    readonly hba?: string;
    /** listen_addresses. @default "127.0.0.1" */
    readonly listen?: string;
}

/** Copies `source` into `dir` as `name`, owned by the server's user, mode 0600 (PostgreSQL refuses a key others can read). */
function privateCopy(source: string, dir: string, name: string): string {
    const target = path.join(dir, name);
    fs.copyFileSync(source, target);
    return makePrivate(target);
}

function makePrivate(file: string): string {
    fs.chmodSync(file, 0o600);
    if (process.getuid?.() === 0) execFileSync("chown", ["postgres", file]);
    return file;
}

function serverOptions(dir: string, port: number, options: PostgresOptions): string {
    const settings = [
        `listen_addresses=${options.listen ?? "127.0.0.1"}`, `port=${port}`, `unix_socket_directories=${dir}`, "log_statement=all", "password_encryption=scram-sha-256",
    ];
    if (options.tls) {
        settings.push("ssl=on", "ssl_min_protocol_version=TLSv1.2",
            `ssl_cert_file=${privateCopy(options.tls.certificateFile, dir, "server.crt")}`, `ssl_key_file=${privateCopy(options.tls.keyFile, dir, "server.key")}`);
    }
    if (options.hba !== undefined) {
        const hba = path.join(dir, "pg_hba.conf");
        fs.writeFileSync(hba, options.hba);
        makePrivate(hba);
        settings.push(`hba_file=${hba}`);
    }
    return settings.map((setting) => `-c ${setting}`).join(" ");
}

export async function startPostgres(serverSettings: PostgresOptions = {}): Promise<TestPostgres> {
    const bin = serverBin();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hse-pg-"));
    fs.chmodSync(dir, 0o777);
    const data = path.join(dir, "data");
    const logFile = path.join(dir, "server.log");
    if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
    run(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8"]);
    const port = await freePort();
    const options = serverOptions(dir, port, serverSettings);
    run(path.join(bin, "pg_ctl"), ["-D", data, "-l", logFile, "-o", options, "-w", "start"]);
    return {
        port,
        logFile,
        socketDir: dir,
        stop: () => {
            run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
