// Logging in to a Valkey / Redis server as a user, the way a client of the cache does: over TLS
// when the secret says so (ElastiCache requires it here), AUTH <user> <password>, then PING.
// The rotation's test step uses it to prove the pending password works before it becomes
// AWSCURRENT, as AWS's own rotation functions do for databases. A few RESP commands need no
// client library: requests are arrays of bulk strings, the two replies here are one line each
// (Redis serialization protocol specification, "Simple strings" and "Simple errors").
import * as net from "net";
import * as tls from "tls";
import { RotationError } from "./protocol";

export interface CacheLogin {
    readonly host: string;
    readonly port: number;
    readonly tls: boolean;
    readonly username: string;
    readonly password: string;
}

export interface CacheLoginOptions {
    /** PEM of the certificate authority to trust instead of Node's bundle (tests). */
    readonly ca?: string;
    readonly timeoutMs?: number;
}

/** A RESP request: an array of bulk strings, lengths in bytes. */
export function respCommand(...parts: string[]): Buffer {
    const body = parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join("");
    return Buffer.from(`*${parts.length}\r\n${body}`);
}

function connect(login: CacheLogin, options: CacheLoginOptions): net.Socket {
    if (!login.tls) return net.connect({ host: login.host, port: login.port });
    // Server name and certificate chain are checked (Node's default); an IP host sends no SNI.
    return tls.connect({ host: login.host, port: login.port, servername: net.isIP(login.host) ? undefined : login.host, ca: options.ca });
}

/**
 * Resolves once the server answered +OK to AUTH and +PONG to PING; rejects with a
 * RotationError that names the server's error code, never the password.
 */
export function loginAndPing(login: CacheLogin, options: CacheLoginOptions = {}): Promise<void> {
    return new Promise((resolve, reject) => {
        const socket = connect(login, options);
        const expected = ["+OK", "+PONG"];
        let buffered = "";
        const fail = (message: string) => {
            socket.destroy();
            reject(new RotationError(message));
        };
        socket.setTimeout(options.timeoutMs ?? 10000, () => fail(`no answer from ${login.host}:${login.port} in time`));
        socket.on("error", (error: NodeJS.ErrnoException) => fail(`cannot reach ${login.host}:${login.port}${login.tls ? " over TLS" : ""}: ${error.code ?? error.message}`));
        socket.once(login.tls ? "secureConnect" : "connect", () => {
            socket.write(Buffer.concat([respCommand("AUTH", login.username, login.password), respCommand("PING")]));
        });
        socket.on("data", (chunk) => {
            buffered += chunk.toString("utf8");
            let end: number;
            while ((end = buffered.indexOf("\r\n")) >= 0) {
                const line = buffered.slice(0, end);
                buffered = buffered.slice(end + 2);
                const want = expected.shift();
                if (line !== want) {
                    // An error reply starts with "-" and its code (WRONGPASS, NOPERM, ...).
                    const code = line.startsWith("-") ? line.slice(1).split(" ")[0] : "an unexpected reply";
                    fail(`${want === "+OK" ? "AUTH" : "PING"} as ${login.username} was refused: ${code}`);
                    return;
                }
                if (expected.length === 0) {
                    socket.end();
                    resolve();
                    return;
                }
            }
        });
    });
}
