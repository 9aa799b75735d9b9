// A replay, against a test's PostgreSQL, of what AWS's multi-user PostgreSQL rotation does to the
// database, step by step and statement by statement, so that a test can check what the services
// see after each flip. The source replayed: aws-samples/aws-secrets-manager-rotation-lambdas,
// SecretsManagerRDSPostgreSQLRotationMultiUser/lambda_function.py (the function the Serverless
// Application Repository deploys):
// - createSecret: the pending value is the current one with the alternate user name (`_clone`
//   appended, or removed if present: get_alt_username) and a new password;
// - setSecret: return if the pending credentials already log in; refuse a pending user that is
//   not the alternate of the current one; log in with the current credentials (must succeed);
//   then, as the master user, connected to the secret's `dbname`, in one transaction:
//   `SELECT quote_ident(%s)` for both users, `SELECT 1 FROM pg_roles where rolname = %s`, and
//   either `CREATE ROLE <pending> WITH LOGIN PASSWORD %s` + `GRANT <current> TO <pending>` (the
//   pending user does not exist) or `ALTER USER <pending> WITH PASSWORD %s`; commit;
// - testSecret: log in with the pending credentials and `SELECT NOW()`;
// - finishSecret: the pending value becomes the current one.
// Only the database side is replayed; Secrets Manager is the returned value. The function's
// client (PyGreSQL's pgdb) interpolates `%s` as a quoted literal, as escapeLiteral does here.
import { Client } from "pg";

export interface DatabaseCredentials {
    readonly username: string;
    readonly password: string;
}

export interface RotationTarget {
    readonly port: number;
    /** The secret's dbname: where setSecret's master connection and the tests connect. */
    readonly database: string;
    readonly master: DatabaseCredentials;
}

export interface RotationOutcome {
    /** The new AWSCURRENT value. */
    readonly current: DatabaseCredentials;
    /** Which of setSecret's paths ran. */
    readonly setSecret: "already-set" | "created" | "altered";
    /** Every statement the master ran, passwords replaced by `<password>`. */
    readonly statements: readonly string[];
}

const CLONE_SUFFIX = "_clone";

/** get_alt_username: alternate between the user and its clone (63 characters at most). */
export function alternateUsername(username: string): string {
    if (username.endsWith(CLONE_SUFFIX)) return username.slice(0, -CLONE_SUFFIX.length);
    const clone = `${username}${CLONE_SUFFIX}`;
    if (clone.length > 63) throw new Error("Unable to clone user, username length with _clone appended would exceed 63 characters");
    return clone;
}

/** A connection as these credentials, or undefined when the server refuses it (get_connection). */
export async function tryConnect(target: RotationTarget, credentials: DatabaseCredentials): Promise<Client | undefined> {
    const client = new Client({ host: "127.0.0.1", port: target.port, database: target.database, user: credentials.username, password: credentials.password });
    try {
        await client.connect();
        return client;
    } catch {
        return undefined;
    }
}

async function setSecret(target: RotationTarget, current: DatabaseCredentials, pending: DatabaseCredentials, statements: string[]): Promise<RotationOutcome["setSecret"]> {
    const already = await tryConnect(target, pending);
    if (already) {
        await already.end();
        return "already-set";
    }
    if (alternateUsername(current.username) !== pending.username) throw new Error(`Attempting to modify user ${pending.username} other than current user or clone ${current.username}`);
    const currentLogin = await tryConnect(target, current);
    if (!currentLogin) throw new Error("Unable to log into database using current credentials");
    await currentLogin.end();

    const master = await tryConnect(target, target.master);
    if (!master) throw new Error("Unable to log into database using credentials in master secret");
    const run = async (sql: string, values?: unknown[]) => {
        statements.push(sql.replace(master.escapeLiteral(pending.password), "<password>"));
        return master.query(sql, values);
    };
    try {
        await run("BEGIN");
        const pendingUser = (await run("SELECT quote_ident($1) AS name", [pending.username])).rows[0].name as string;
        const currentUser = (await run("SELECT quote_ident($1) AS name", [current.username])).rows[0].name as string;
        const exists = (await run("SELECT 1 FROM pg_roles where rolname = $1", [pending.username])).rows.length > 0;
        if (!exists) {
            await run(`CREATE ROLE ${pendingUser} WITH LOGIN PASSWORD ${master.escapeLiteral(pending.password)}`);
            await run(`GRANT ${currentUser} TO ${pendingUser}`);
        } else {
            await run(`ALTER USER ${pendingUser} WITH PASSWORD ${master.escapeLiteral(pending.password)}`);
        }
        await run("COMMIT");
        return exists ? "altered" : "created";
    } finally {
        await master.end();
    }
}

async function testSecret(target: RotationTarget, pending: DatabaseCredentials): Promise<void> {
    const client = await tryConnect(target, pending);
    if (!client) throw new Error("Unable to log into database with pending secret");
    try {
        await client.query("SELECT NOW()");
    } finally {
        await client.end();
    }
}

/** One rotation, createSecret to finishSecret: returns the new current credentials. */
export async function rotateMultiUser(target: RotationTarget, current: DatabaseCredentials, newPassword: string): Promise<RotationOutcome> {
    const pending = { username: alternateUsername(current.username), password: newPassword };
    const statements: string[] = [];
    const outcome = await setSecret(target, current, pending, statements);
    await testSecret(target, pending);
    return { current: pending, setSecret: outcome, statements };
}
