// What the database needs before the application can connect, done idempotently with the
// master user: the application database, its roles, its schema and the extensions it uses.
// The roles follow the ownership model of decision 0022: a NOLOGIN role `<role>_owner` owns the
// schema and everything in it; the two login roles that AWS's multi-user rotation alternates,
// `<role>` and `<role>_clone`, are both created here, are members of the owner, and in the
// application database start every session as the owner (`SET role`) with the schema on their
// search path. So whichever of the two the services use, unqualified names resolve and what a
// migration creates belongs to the owner, within reach of the other login after the next flip.
// A second run changes nothing; a login role that exists keeps its password (rotation's now).
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
    /** The application's first login role (the multi-user rotation alternates it with <role>_clone). */
    readonly role: string;
    /** The schema the application's objects live in, owned by <role>_owner. */
    readonly schema: string;
    readonly extensions: readonly string[];
}

export interface BootstrapResult {
    readonly createdRole: boolean;
    readonly createdDatabase: boolean;
    readonly extensions: readonly string[];
}

export type Log = (message: string, fields?: Record<string, string | boolean>) => void;

/** The suffix AWS's multi-user rotation appends to the user it clones (its get_alt_username). */
export const CLONE_SUFFIX = "_clone";
/** PostgreSQL's SQLSTATE for a refused password, or no such role (Appendix A, "invalid_password"). */
export const INVALID_PASSWORD = "28P01";
/** The suffix of the NOLOGIN role that owns the application's schema and objects. */
export const OWNER_SUFFIX = "_owner";

/** The three roles of one application user: who owns, and the two who log in. */
export function applicationRoles(role: string): { owner: string; logins: readonly [string, string] } {
    return { owner: `${role}${OWNER_SUFFIX}`, logins: [role, `${role}${CLONE_SUFFIX}`] };
}

async function exists(client: SqlClient, sql: string, name: string): Promise<boolean> {
    return (await client.query(sql, [name])).rows.length > 0;
}

const roleExists = (client: SqlClient, name: string) => exists(client, "SELECT 1 FROM pg_roles WHERE rolname = $1", name);

/**
 * Creates the owner and both login roles where missing. The first login gets the application's
 * first password (as a SCRAM verifier); the clone gets none, so nobody logs in as it until the
 * rotation's setSecret, finding it exists, gives it a password (ALTER USER ... WITH PASSWORD).
 */
async function ensureRoles(client: SqlClient, plan: BootstrapPlan, password: string, log: Log): Promise<boolean> {
    const { owner, logins } = applicationRoles(plan.role);
    const id = (name: string) => client.escapeIdentifier(name);
    if (!(await roleExists(client, owner))) {
        await client.query(`CREATE ROLE ${id(owner)} WITH NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION`);
        log("created role", { role: owner });
    }
    let createdRole = false;
    for (const login of logins) {
        if (await roleExists(client, login)) {
            log("role exists; left as it is", { role: login });
            continue;
        }
        const secret = login === plan.role ? ` PASSWORD ${client.escapeLiteral(scramSha256Verifier(password))}` : " PASSWORD NULL";
        await client.query(`CREATE ROLE ${id(login)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION${secret}`);
        createdRole ||= login === plan.role;
        log("created role", { role: login });
    }
    // The master acts for all three below (ownership, REASSIGN OWNED, default privileges), which
    // PostgreSQL allows only to members; it already administers them (it created them).
    await client.query(`GRANT ${[owner, ...logins].map(id).join(", ")} TO CURRENT_USER`);
    await client.query(`GRANT ${id(owner)} TO ${logins.map(id).join(", ")}`);
    return createdRole;
}

/** Run connected to the server's maintenance database (`postgres`) as the master user. */
export async function prepareServer(client: SqlClient, plan: BootstrapPlan, password: string, log: Log): Promise<Omit<BootstrapResult, "extensions">> {
    const { owner, logins } = applicationRoles(plan.role);
    const database = client.escapeIdentifier(plan.database);
    const createdRole = await ensureRoles(client, plan, password, log);

    let createdDatabase = false;
    if (await exists(client, "SELECT 1 FROM pg_database WHERE datname = $1", plan.database)) {
        log("database exists", { database: plan.database });
    } else {
        await client.query(`CREATE DATABASE ${database}`);
        createdDatabase = true;
        log("created database", { database: plan.database });
    }
    // Nobody but the application (and the master) may connect to its database; the logins
    // connect through their membership of the owner.
    await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC, ${logins.map((l) => client.escapeIdentifier(l)).join(", ")}`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${client.escapeIdentifier(owner)}`);
    return { createdRole, createdDatabase };
}

/** Run connected to the application database as the master user. */
export async function prepareDatabase(client: SqlClient, plan: BootstrapPlan, log: Log): Promise<readonly string[]> {
    const { owner, logins } = applicationRoles(plan.role);
    const id = (name: string) => client.escapeIdentifier(name);
    const schema = id(plan.schema);
    const loginList = logins.map(id).join(", ");
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`ALTER SCHEMA ${schema} OWNER TO ${id(owner)}`);
    // Objects a login created before this model (AWS's clone owned what it migrated) move to
    // the owner; on a database that already follows it, there is nothing to move.
    await client.query(`REASSIGN OWNED BY ${loginList} TO ${id(owner)}`);
    await client.query(`REVOKE ALL ON SCHEMA ${schema} FROM ${loginList}`);
    for (const login of logins) {
        // Applied at every login to this database: the session acts as the owner.
        await client.query(`ALTER ROLE ${id(login)} IN DATABASE ${id(plan.database)} SET search_path = ${schema}`);
        await client.query(`ALTER ROLE ${id(login)} IN DATABASE ${id(plan.database)} SET role = ${client.escapeLiteral(owner)}`);
    }
    // A session that leaves the owner (RESET ROLE) and creates something: the owner, and so the
    // other login, can still use it.
    for (const kind of ["TABLES", "SEQUENCES", "FUNCTIONS", "TYPES"]) {
        await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${loginList} IN SCHEMA ${schema} GRANT ALL ON ${kind} TO ${id(owner)}`);
    }
    for (const extension of plan.extensions) {
        await client.query(`CREATE EXTENSION IF NOT EXISTS ${id(extension)}`);
    }
    log("schema, ownership, grants and extensions in place", { schema: plan.schema, owner, extensions: plan.extensions.join(",") });
    return plan.extensions;
}
