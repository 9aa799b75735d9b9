// Rotation of a PostgreSQL user's password on a server of ours (the self-managed TimescaleDB),
// on the shared protocol. AWS's rotation functions cannot rotate it: they verify the server
// against the system's CA bundle, then retry without TLS, and this server has a certificate of
// the stack's own CA and accepts TLS only (docs/decisions/0021). This one trusts exactly that CA
// (DATABASE_CA_CERTIFICATE) and checks the host name or IP address against the certificate
// (verify-full), never falls back to plain text, and sends PostgreSQL a SCRAM-SHA-256 verifier,
// never the password, so no statement that reaches the server log reveals it.
//
// Two strategies, as AWS's own (Secrets Manager user guide, "Rotation strategies"):
// - single user: the user changes its own password;
// - alternating users: the secret flips between <role> and <role>_clone, whose password the
//   master secret's user (`masterarn`) sets, so the previous credentials keep working through a
//   rotation. The clone is created once, as AWS's function does (GRANT <role> TO <role>_clone).
import { GetRandomPasswordCommand, GetSecretValueCommand, ResourceNotFoundException } from "@aws-sdk/client-secrets-manager";
import { Client, ClientConfig } from "pg";
import { CLONE_SUFFIX, INVALID_PASSWORD } from "../db-bootstrap/bootstrap";
import { scramSha256Verifier } from "../db-bootstrap/scram";
import { RotationBehaviour, RotationContext, RotationError, SecretValue } from "./protocol";

/** The password AWS's PostgreSQL rotation functions generate by default: 32 characters, none that break connection strings or shells. */
export const PASSWORD_LENGTH = 32;
export const EXCLUDED_CHARACTERS = `:/@"'\\`;
/** PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1): a longer clone name would not be the role it names. */
export const MAX_ROLE_LENGTH = 63;

export type Strategy = "single-user" | "multi-user";

export interface PostgresUserOptions {
    readonly strategy: Strategy;
    /** PEM of the CA that signed the server's certificate: the only CA trusted. */
    readonly caCertificate: string;
    /** How long a connection may take before the step fails. @default 10000 */
    readonly connectTimeoutMs?: number;
}

/** What a secret says about a login: the fields AWS's rotation functions read. */
export interface Login {
    readonly host: string;
    readonly port: number;
    readonly dbname: string;
    readonly username: string;
    readonly password: string;
}

function field(value: SecretValue, name: string, which: string): string {
    const text = value[name];
    if (typeof text !== "string" || text === "") throw new RotationError(`the ${which} value has no ${name}`);
    return text;
}

/** The login a secret's value describes; errors name the field, never a value. */
export function loginOf(value: SecretValue, which: string): Login {
    const port = Number(value.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RotationError(`the ${which} value has no valid port`);
    return {
        host: field(value, "host", which),
        port,
        dbname: field(value, "dbname", which),
        username: field(value, "username", which),
        password: field(value, "password", which),
    };
}

/**
 * How to connect: TLS that verifies the chain against `ca` only and the server's name or IP
 * address against its certificate (Node's checkServerIdentity, which pg leaves on), never plain text.
 */
export function connectionConfig(login: Login, ca: string, connectTimeoutMs = 10_000): ClientConfig {
    if (!ca.includes("-----BEGIN CERTIFICATE-----")) throw new RotationError("DATABASE_CA_CERTIFICATE holds no PEM certificate");
    return {
        host: login.host,
        port: login.port,
        database: login.dbname,
        user: login.username,
        password: login.password,
        ssl: { ca, rejectUnauthorized: true },
        connectionTimeoutMillis: connectTimeoutMs,
    };
}

async function connect(login: Login, options: PostgresUserOptions): Promise<Client> {
    const client = new Client(connectionConfig(login, options.caCertificate, options.connectTimeoutMs));
    // An error after connecting (the server going away) must fail the step, not the process.
    client.on("error", () => undefined);
    try {
        await client.connect();
    } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
    }
    return client;
}

/**
 * Whether `login` logs in: true, or false when the server refuses the password (or the role
 * does not exist). Any other failure (an untrusted certificate, a name mismatch, no route) is
 * thrown: it must never read as "the password is not set yet".
 */
export async function logsIn(login: Login, options: PostgresUserOptions): Promise<boolean> {
    let client: Client;
    try {
        client = await connect(login, options);
    } catch (error) {
        if ((error as { code?: string }).code === INVALID_PASSWORD) return false;
        throw error;
    }
    try {
        await client.query("SELECT 1");
        return true;
    } finally {
        await client.end();
    }
}

async function withClient<T>(login: Login, options: PostgresUserOptions, work: (client: Client) => Promise<T>): Promise<T> {
    const client = await connect(login, options);
    try {
        return await work(client);
    } finally {
        await client.end();
    }
}

/** The other user of the alternating pair. */
export function alternateUser(username: string): string {
    if (username.endsWith(CLONE_SUFFIX)) return username.slice(0, -CLONE_SUFFIX.length);
    const clone = `${username}${CLONE_SUFFIX}`;
    if (Buffer.byteLength(clone) > MAX_ROLE_LENGTH) {
        throw new RotationError(`the user name is too long for its alternate (${MAX_ROLE_LENGTH} bytes at most with ${CLONE_SUFFIX})`);
    }
    return clone;
}

/** `PASSWORD '<verifier>'`: the verifier of a fresh salt; PostgreSQL stores it as given. */
function passwordClause(client: Client, password: string): string {
    return `PASSWORD ${client.escapeLiteral(scramSha256Verifier(password))}`;
}

async function secretValue(context: RotationContext, secretId: string, stage: string, which: string): Promise<SecretValue | undefined> {
    let text: string | undefined;
    try {
        text = (await context.clients.secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }))).SecretString;
    } catch (error) {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
    }
    try {
        const parsed: unknown = JSON.parse(text ?? "null");
        if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as SecretValue;
    } catch {
        // JSON.parse quotes what it cannot read: never let it reach a log.
    }
    throw new RotationError(`the ${which} is not a JSON object`);
}

/** Single user: the user sets its own password, logged in with the current value (or the previous one, if a rotation left the server there). */
async function setOwnPassword(pending: Login, current: Login, options: PostgresUserOptions, context: RotationContext): Promise<void> {
    if (pending.username !== current.username) throw new RotationError("the pending and the current value name different users");
    let login = current;
    if (!(await logsIn(current, options))) {
        const previous = await secretValue(context, context.secretId, "AWSPREVIOUS", "AWSPREVIOUS value of the secret");
        const previousLogin = previous && loginOf(previous, "AWSPREVIOUS");
        if (!previousLogin || previousLogin.username !== current.username || !(await logsIn(previousLogin, options))) {
            throw new RotationError("neither the current nor the previous password logs in; the pending one cannot be set");
        }
        context.log("the current password does not log in; setting the pending one as the previous one's holder");
        login = previousLogin;
    }
    await withClient(login, options, (client) => client.query(`ALTER ROLE ${client.escapeIdentifier(pending.username)} WITH ${passwordClause(client, pending.password)}`));
    context.log("set the pending password", { username: pending.username });
}

/** Alternating users: the master user creates the alternate once (with the role's privileges) and sets its password. */
async function setAlternatePassword(pending: Login, current: SecretValue, options: PostgresUserOptions, context: RotationContext): Promise<void> {
    const masterArn = current.masterarn;
    if (typeof masterArn !== "string" || masterArn === "") throw new RotationError("the current value has no masterarn (the secret of the user that sets the others' passwords)");
    const masterValue = await secretValue(context, masterArn, "AWSCURRENT", "master secret");
    if (!masterValue) throw new RotationError("the master secret has no AWSCURRENT value");
    // The master logs in to its own database: the application's database admits only its users.
    const master = loginOf(masterValue, "master secret's");
    await withClient(master, options, async (client) => {
        // Both logins and their owner role are made at setup (decision 0022: roles.py); a login
        // made here would own what it creates and miss the per-database settings, as AWS's does.
        const exists = (await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [pending.username])).rowCount === 1;
        if (!exists) throw new RotationError(`the login ${pending.username} does not exist: the TimescaleDB boot's roles script creates both alternating logins; run it (hse-timescale-roles) before rotating`);
        await client.query(`ALTER ROLE ${client.escapeIdentifier(pending.username)} WITH ${passwordClause(client, pending.password)}`);
        context.log("set the alternate user's password", { username: pending.username });
    });
}

export function postgresUserBehaviour(options: PostgresUserOptions): RotationBehaviour {
    return {
        kind: `postgres-${options.strategy}`,
        async create(current, context) {
            if (!options.caCertificate.includes("-----BEGIN CERTIFICATE-----")) throw new RotationError("DATABASE_CA_CERTIFICATE holds no PEM certificate");
            const login = loginOf(current, "current");
            const { RandomPassword } = await context.clients.secrets.send(
                new GetRandomPasswordCommand({ PasswordLength: PASSWORD_LENGTH, ExcludeCharacters: EXCLUDED_CHARACTERS, IncludeSpace: false }),
            );
            if (!RandomPassword) throw new RotationError("Secrets Manager returned no password");
            const username = options.strategy === "multi-user" ? alternateUser(login.username) : login.username;
            // The CA travels with the secret, so a client reading it can verify the server too.
            return { ...current, username, password: RandomPassword, caCertificate: options.caCertificate };
        },
        async set(pendingValue, currentValue, context) {
            const pending = loginOf(pendingValue, "pending");
            if (await logsIn(pending, options)) {
                context.log("the pending password already logs in (a retry); nothing to set", { username: pending.username });
                return;
            }
            if (options.strategy === "single-user") return setOwnPassword(pending, loginOf(currentValue, "current"), options, context);
            return setAlternatePassword(pending, currentValue, options, context);
        },
        async test(pendingValue, _current, context) {
            const pending = loginOf(pendingValue, "pending");
            await withClient(pending, options, (client) => client.query("SELECT 1"));
            context.log("the pending password logs in over verified TLS", { username: pending.username });
        },
    };
}

/** The CA from the environment the stack sets; a missing one fails every step, loudly. */
export function caFromEnvironment(): string {
    return process.env.DATABASE_CA_CERTIFICATE ?? "";
}
