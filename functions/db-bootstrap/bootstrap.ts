// What the database needs before the application can connect, done idempotently with the
// master user: the application database, its login role (least privilege: connect, its own
// schema, nothing else), and the extensions the application uses. A second run changes
// nothing; a role that exists is left as it is (its password belongs to rotation now).
import { scramSha256Verifier } from "./scram";

/** The slice of pg.Client this module uses, so tests can run it against a real server. */
export interface SqlClient {
    query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
    escapeIdentifier(name: string): string;
    escapeLiteral(value: string): string;
}

export interface BootstrapPlan {
    /** The application database. */
    readonly database: string;
    /** The application's login role (the multi-user rotation adds <role>_clone). */
    readonly role: string;
    /** The schema the application owns objects in. */
    readonly schema: string;
    readonly extensions: readonly string[];
}

export interface BootstrapResult {
    readonly createdRole: boolean;
    readonly createdDatabase: boolean;
    readonly extensions: readonly string[];
}

export type Log = (message: string, fields?: Record<string, string | boolean>) => void;

async function exists(client: SqlClient, sql: string, name: string): Promise<boolean> {
    return (await client.query(sql, [name])).rows.length > 0;
}

/** Run connected to the server's maintenance database (`postgres`) as the master user. */
export async function prepareServer(client: SqlClient, plan: BootstrapPlan, password: string, log: Log): Promise<Omit<BootstrapResult, "extensions">> {
    const role = client.escapeIdentifier(plan.role);
    const database = client.escapeIdentifier(plan.database);

    let createdRole = false;
    if (await exists(client, "SELECT 1 FROM pg_roles WHERE rolname = $1", plan.role)) {
        log("role exists; left as it is", { role: plan.role });
    } else {
        const verifier = client.escapeLiteral(scramSha256Verifier(password));
        await client.query(`CREATE ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION PASSWORD ${verifier}`);
        createdRole = true;
        log("created role", { role: plan.role });
    }

    let createdDatabase = false;
    if (await exists(client, "SELECT 1 FROM pg_database WHERE datname = $1", plan.database)) {
        log("database exists", { database: plan.database });
    } else {
        await client.query(`CREATE DATABASE ${database}`);
        createdDatabase = true;
        log("created database", { database: plan.database });
    }
    // Nobody but the application (and the master) may connect to its database.
    await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${role}`);
    return { createdRole, createdDatabase };
}

/** Run connected to the application database as the master user. */
export async function prepareDatabase(client: SqlClient, plan: BootstrapPlan, log: Log): Promise<readonly string[]> {
    const role = client.escapeIdentifier(plan.role);
    const schema = client.escapeIdentifier(plan.schema);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    // The application creates and owns its tables in its schema (it runs its own migrations).
    await client.query(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${role}`);
    await client.query(`ALTER ROLE ${role} IN DATABASE ${client.escapeIdentifier(plan.database)} SET search_path = ${schema}`);
    for (const extension of plan.extensions) {
        await client.query(`CREATE EXTENSION IF NOT EXISTS ${client.escapeIdentifier(extension)}`);
    }
    log("schema, grants and extensions in place", { schema: plan.schema, extensions: plan.extensions.join(",") });
    return plan.extensions;
}
