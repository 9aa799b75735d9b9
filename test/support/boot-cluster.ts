// A real PostgreSQL server configured as the TimescaleDB instance's boot document configures it:
// the files the cloud-config writes under /etc/hse-timescale, moved to a temporary directory,
// included into a fresh cluster by the boot script's own function, a server certificate signed by
// a CA of the test's own where the boot script installs the stack's (TLS_DIR). Only what cannot hold on a test machine is overridden on the command line (the
// port, the listening address, the socket directory, and the preloaded TimescaleDB library,
// which Debian's postgresql package does not ship).
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { CONFIG_DIR, TLS_DIR } from "../../components/data/timescale-boot";
import { freePort, serverBin } from "./postgres-server";
import { tempDir } from "./temp-dir";
import { testCertificateAuthority, testServerCertificate } from "./test-certificates";

/** The settings the test server takes from its command line instead of the document's files. */
export const OVERRIDDEN = ["port", "listen_addresses", "unix_socket_directories", "shared_preload_libraries"] as const;

export interface BootCluster {
    readonly port: number;
    readonly dir: string;
    readonly dataDir: string;
    /** Where the boot document's /etc/hse-timescale files are (paths inside them rewritten to it). */
    readonly configDir: string;
    /** Environment every server and pgBackRest process of the cluster gets. */
    readonly env: Record<string, string>;
    /**
     * Runs SQL as the postgres superuser over the local socket (peer, as pg_hba allows) and
     * returns psql's unaligned output; several statements run as one transaction each.
     */
    psql(sql: string | readonly string[]): string;
    /** Runs a command as the postgres user, in the cluster's environment. */
    asPostgres(command: string, args: readonly string[]): { status: number | null; output: string };
    start(): void;
    stop(): void;
}

interface WrittenFile { path: string; content: string }

function isRoot(): boolean {
    return process.getuid?.() === 0;
}

/** The boot document admits the superuser by peer only: the tests run its server as postgres. */
function asPostgres(command: string, args: readonly string[], env: Record<string, string>) {
    const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    const run = isRoot()
        // From "/": the postgres user may not enter the checkout (a clone under a 0700 temporary directory, say).
        ? spawnSync("runuser", ["-u", "postgres", "--", "env", ...envArgs, command, ...args], { encoding: "utf8", cwd: "/" })
        : spawnSync(command, [...args], { encoding: "utf8", env: { ...process.env, ...env } });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function mustRun(command: string, args: readonly string[], env: Record<string, string>): string {
    const { status, output } = asPostgres(command, args, env);
    if (status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${status}):\n${output}`);
    return output;
}

/**
 * Writes the cloud-config's /etc/hse-timescale files into `configDir`, their own paths rewritten to
 * it, and the certificate directory's to `tlsDir` when given.
 */
export function writeConfigFiles(cloudConfig: string, configDir: string, tlsDir?: string): string[] {
    const document = parse(cloudConfig.replace(/^#cloud-config\n/, "")) as { write_files: WrittenFile[] };
    const files = document.write_files.filter((f) => f.path.startsWith(`${CONFIG_DIR}/`));
    fs.mkdirSync(configDir, { recursive: true, mode: 0o755 });
    for (const f of files) {
        const content = f.content.split(`${CONFIG_DIR}/`).join(`${configDir}/`);
        fs.writeFileSync(path.join(configDir, path.basename(f.path)), tlsDir === undefined ? content : content.split(`${TLS_DIR}/`).join(`${tlsDir}/`), { mode: 0o644 });
    }
    return files.map((f) => path.basename(f.path));
}

export interface BootClusterOptions {
    /** The generated user data (cloudConfig(settings)). */
    readonly cloudConfig: string;
    /** The generated boot script (bootScript(settings)): its settings_includes function includes the files. */
    readonly bootScript: string;
    /** Extra environment of the server (PGBACKREST_CONFIG for the archive command, say). */
    readonly env?: Record<string, string>;
    /** Runs before the first start, with the cluster's directories (a tuning step, say). */
    readonly beforeStart?: (cluster: { dataDir: string; configDir: string }) => void;
}

export async function startBootCluster(options: BootClusterOptions): Promise<BootCluster> {
    if (!isRoot() && os.userInfo().username !== "postgres") {
        throw new Error("the boot document's pg_hba admits the postgres superuser by peer only: run these tests as root (they run the server as the postgres user) or as postgres");
    }
    const bin = serverBin();
    const dir = tempDir("boot-cluster");
    fs.chmodSync(dir, 0o777);
    const dataDir = path.join(dir, "data");
    const configDir = path.join(dir, "etc-hse-timescale");
    const logFile = path.join(dir, "server.log");
    const env = { ...(options.env ?? {}) };
    if (isRoot()) execFileSync("chown", ["postgres", dir]);
    // The boot script's initdb (init_cluster).
    // (--no-sync: a throwaway cluster need not wait for the disk; the machine may be busy.)
    mustRun(path.join(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth-local=peer", "--auth-host=scram-sha-256", "--encoding=UTF8", "--data-checksums", "--no-sync"], env);
    const tlsDir = path.join(dir, "etc-hse-timescale-tls");
    writeConfigFiles(options.cloudConfig, configDir, tlsDir);
    // What install_tls puts in TLS_DIR: a certificate for the server's address and its key, postgres's alone.
    const server = testServerCertificate(testCertificateAuthority("hse-test-timescale-ca"), "timescaledb", ["127.0.0.1"]);
    fs.mkdirSync(tlsDir, { mode: 0o700 });
    fs.copyFileSync(server.certificateFile, path.join(tlsDir, "server.crt"));
    fs.copyFileSync(server.keyFile, path.join(tlsDir, "server.key"));
    fs.chmodSync(path.join(tlsDir, "server.key"), 0o600);
    if (isRoot()) execFileSync("chown", ["-R", "postgres", tlsDir]);
    // The boot script's own includes.
    const script = path.join(dir, "boot.sh");
    fs.writeFileSync(script, options.bootScript);
    const includes = spawnSync("bash", ["-c", `source ${script} && settings_includes ${configDir}`], { encoding: "utf8" });
    if (includes.status !== 0) throw new Error(`settings_includes failed: ${includes.stderr}`);
    fs.appendFileSync(path.join(dataDir, "postgresql.conf"), `\n${includes.stdout}`);
    options.beforeStart?.({ dataDir, configDir });

    const port = await freePort();
    const overrides = `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c shared_preload_libraries=''`;
    const cluster: BootCluster = {
        port,
        dir,
        dataDir,
        configDir,
        env,
        asPostgres: (command, args) => asPostgres(command, args, env),
        psql: (sql) => {
            const commands = (typeof sql === "string" ? [sql] : sql).flatMap((statement) => ["-c", statement]);
            return mustRun("psql", ["-X", "-v", "ON_ERROR_STOP=1", "-h", dir, "-p", String(port), "-U", "postgres", "-d", "postgres", "-At", ...commands], env).trim();
        },
        start: () => {
            const { status, output } = asPostgres(path.join(bin, "pg_ctl"), ["-D", dataDir, "-l", logFile, "-o", overrides, "-w", "-t", "60", "start"], env);
            if (status !== 0) {
                const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
                throw new Error(`PostgreSQL did not start with the boot document's configuration:\n${output}\n${log}`);
            }
        },
        stop: () => {
            asPostgres(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "stop"], env);
        },
    };
    cluster.start();
    return cluster;
}
