// A throwaway Valkey/Redis server for tests that need a real one: Debian's redis-server package
// (version 7, installed by .ci/run), ACL users as ElastiCache's RBAC users are (the `default`
// user off), TLS on a free local port with a certificate from a test authority made here with
// openssl (Debian builds redis-server with TLS), and optionally a plain port too.
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { tempDir } from "./temp-dir";

export interface TestRedis {
    readonly tlsPort: number;
    readonly plainPort: number;
    /** PEM of the authority that signed the server's certificate (for localhost and 127.0.0.1). */
    readonly ca: string;
    stop(): Promise<void>;
}

/** An ACL user: name, passwords, and the rules after them (`~events:* +@all -@dangerous`). */
export interface AclUser {
    readonly name: string;
    readonly passwords: readonly string[];
    readonly rules: string;
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
        server.on("error", reject);
    });
}

function openssl(dir: string, args: string[]): void {
    execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

/** A test authority and a server certificate it signed, valid for localhost and 127.0.0.1. */
function certificates(dir: string): { ca: string; cert: string; key: string } {
    openssl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=hse-test-ca"]);
    openssl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
    fs.writeFileSync(path.join(dir, "san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    openssl(dir, ["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext"]);
    return { ca: path.join(dir, "ca.crt"), cert: path.join(dir, "server.crt"), key: path.join(dir, "server.key") };
}

function aclLine(user: AclUser): string {
    return `user ${user.name} on ${user.passwords.map((p) => `>${p}`).join(" ")} ${user.rules}`;
}

async function waitForPort(port: number, server: ChildProcess, log: () => string): Promise<void> {
    for (let i = 0; i < 100; i++) {
        if (server.exitCode !== null) throw new Error(`redis-server exited: ${log()}`);
        const open = await new Promise<boolean>((resolve) => {
            const socket = net.connect({ host: "127.0.0.1", port }, () => {
                socket.destroy();
                resolve(true);
            });
            socket.on("error", () => resolve(false));
        });
        if (open) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not listen on ${port}: ${log()}`);
}

/** Starts redis-server with these users and `default` off; passwords never reach argv. */
export async function startRedis(users: readonly AclUser[]): Promise<TestRedis> {
    const dir = tempDir("redis");
    const certs = certificates(dir);
    const [tlsPort, plainPort] = [await freePort(), await freePort()];
    const conf = path.join(dir, "redis.conf");
    const logFile = path.join(dir, "redis.log");
    fs.writeFileSync(conf, [
        "bind 127.0.0.1 -::1",
        `port ${plainPort}`,
        `tls-port ${tlsPort}`,
        `tls-cert-file ${certs.cert}`,
        `tls-key-file ${certs.key}`,
        `tls-ca-cert-file ${certs.ca}`,
        // ElastiCache authenticates users by password, not by client certificate.
        "tls-auth-clients no",
        'save ""',
        "appendonly no",
        `dir ${dir}`,
        `logfile ${logFile}`,
        "user default off nopass -@all",
        ...users.map(aclLine),
        "",
    ].join("\n"), { mode: 0o600 });
    const server = spawn("redis-server", [conf], { stdio: "ignore" });
    const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2000) : "(no log)");
    await waitForPort(tlsPort, server, log);
    await waitForPort(plainPort, server, log);
    return {
        tlsPort,
        plainPort,
        ca: fs.readFileSync(certs.ca, "utf8"),
        stop: () =>
            new Promise<void>((resolve) => {
                if (server.exitCode !== null) return resolve();
                server.once("exit", () => resolve());
                server.kill("SIGTERM");
            }),
    };
}
