// The bootstrap's SQL against a real PostgreSQL server (Debian's package, started here), run
// as a master user like RDS's: CREATEROLE and CREATEDB, not a superuser.
import { expect } from "chai";
import * as fs from "fs";
import { Client } from "pg";
import { BootstrapPlan, prepareDatabase, prepareServer } from "../../functions/db-bootstrap/bootstrap";
import { startPostgres, TestPostgres } from "../support/postgres-server";

const MASTER = { user: "hse_admin", password: "master-password-5c1d0e" };
const APP_PASSWORD = "app-password-9f27b4a1c3";
const PLAN: BootstrapPlan = { database: "hse_test", role: "hse_app", schema: "app", extensions: ["pgcrypto", "citext"] };

describe("database bootstrap against PostgreSQL", function () {
    let server: TestPostgres;
    const logLines: string[] = [];
    const log = (message: string, fields: Record<string, string | boolean> = {}) => logLines.push(JSON.stringify({ message, ...fields }));

    async function connect(database: string, user = MASTER.user, password = MASTER.password): Promise<Client> {
        const client = new Client({ host: "127.0.0.1", port: server.port, database, user, password });
        await client.connect();
        return client;
    }

    async function bootstrap(plan: BootstrapPlan = PLAN, password = APP_PASSWORD) {
        const admin = await connect("postgres");
        const server_ = await prepareServer(admin, plan, password, log).finally(() => admin.end());
        const db = await connect(plan.database);
        const extensions = await prepareDatabase(db, plan, log).finally(() => db.end());
        return { ...server_, extensions };
    }

    /** What a second run must leave exactly as it was. */
    async function catalog(): Promise<unknown> {
        const db = await connect(PLAN.database);
        try {
            const queries = {
                roles: "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, rolinherit FROM pg_roles WHERE rolname LIKE 'hse\\_app%' ORDER BY rolname",
                memberships: "SELECT r.rolname AS role, m.rolname AS member FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member WHERE r.rolname LIKE 'hse\\_app%' ORDER BY 1, 2",
                schemaOwner: "SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'app'",
                defaultAcl: "SELECT pg_get_userbyid(defaclrole) AS role, defaclobjtype, defaclacl::text FROM pg_default_acl ORDER BY 1, 2",
                databaseAcl: "SELECT datacl::text FROM pg_database WHERE datname = 'hse_test'",
                schemaAcl: "SELECT nspacl::text FROM pg_namespace WHERE nspname = 'app'",
                settings: "SELECT r.rolname, setconfig::text FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname LIKE 'hse\\_app%' ORDER BY 1",
                extensions: "SELECT extname FROM pg_extension ORDER BY extname",
                verifier: "SELECT 1",
            };
            const result: Record<string, unknown> = {};
            for (const [name, sql] of Object.entries(queries)) result[name] = (await db.query(sql)).rows;
            return result;
        } finally {
            await db.end();
        }
    }

    before(async () => {
        server = await startPostgres();
        const superuser = new Client({ host: server.socketDir, port: server.port, database: "postgres", user: "postgres" });
        await superuser.connect();
        await superuser.query(`CREATE ROLE hse_admin WITH LOGIN CREATEROLE CREATEDB PASSWORD '${MASTER.password}'`);
        await superuser.end();
    });

    after(() => server?.stop());

    it("creates the database, the owner and both login roles, and the extensions on the first run", async () => {
        expect(await bootstrap()).to.deep.equal({ createdRole: true, createdDatabase: true, extensions: ["pgcrypto", "citext"] });
        const app = await connect(PLAN.database, "hse_app", APP_PASSWORD);
        try {
            await app.query("CREATE TABLE device_events (id bigint PRIMARY KEY)");
            const where = await app.query("SELECT schemaname AS table_schema, tableowner FROM pg_tables WHERE tablename = 'device_events'");
            expect(where.rows).to.deep.equal([{ table_schema: "app", tableowner: "hse_app_owner" }]);
            expect((await app.query("SELECT gen_random_uuid() IS NOT NULL AS ok")).rows).to.deep.equal([{ ok: true }]);
        } finally {
            await app.end();
        }
    });

    it("gives the role no more than its database and schema", async () => {
        const app = await connect(PLAN.database, "hse_app", APP_PASSWORD);
        try {
            const denied = async (sql: string) => app.query(sql).then(() => "allowed", (e: Error) => e.message);
            expect(await denied("CREATE TABLE public.sneaky (id int)")).to.match(/permission denied/);
            expect(await denied("CREATE ROLE intruder")).to.match(/permission denied/);
            expect(await denied("CREATE DATABASE other")).to.match(/permission denied/);
        } finally {
            await app.end();
        }
    });

    it("changes nothing on a second run", async () => {
        const before = await catalog();
        expect(await bootstrap(PLAN, "a-different-password-1234")).to.deep.equal({ createdRole: false, createdDatabase: false, extensions: ["pgcrypto", "citext"] });
        expect(await catalog()).to.deep.equal(before);
        // The role kept its first password: rotation, not the bootstrap, owns it now.
        const app = await connect(PLAN.database, "hse_app", APP_PASSWORD);
        await app.end();
    });

    it("leaves a role that already exists working with its own password", async () => {
        const admin = await connect("postgres");
        await admin.query("CREATE ROLE hse_legacy WITH LOGIN PASSWORD 'legacy-password-0042'");
        await admin.end();
        await bootstrap({ ...PLAN, database: "hse_legacy_db", role: "hse_legacy" }, "another-password-7777");
        const legacy = await connect("hse_legacy_db", "hse_legacy", "legacy-password-0042");
        await legacy.end();
        const refused = await connect("hse_legacy_db", "hse_legacy", "another-password-7777").then(() => "connected", (e: Error) => e.message);
        expect(refused).to.match(/password authentication failed/);
    });

    it("creates the clone without a password: nobody logs in as it before a rotation gives it one", async () => {
        // pg_authid is the superuser's to read (the cluster's own, on the local socket).
        const superuser = new Client({ host: server.socketDir, port: server.port, database: "postgres", user: "postgres" });
        await superuser.connect();
        try {
            const roles = await superuser.query("SELECT rolname, rolcanlogin, rolpassword IS NULL AS no_password FROM pg_authid WHERE rolname LIKE 'hse\\_app%' ORDER BY 1");
            expect(roles.rows).to.deep.equal([
                { rolname: "hse_app", rolcanlogin: true, no_password: false },
                { rolname: "hse_app_clone", rolcanlogin: true, no_password: true },
                { rolname: "hse_app_owner", rolcanlogin: false, no_password: true },
            ]);
        } finally {
            await superuser.end();
        }
    });

    it("never lets a password reach the server's statement log or its own log lines", () => {
        const serverLog = fs.readFileSync(server.logFile, "utf8");
        // Every statement is logged (log_statement=all): the role was created with a verifier.
        expect(serverLog).to.include("CREATE ROLE \"hse_app\" WITH LOGIN");
        expect(serverLog).to.include("PASSWORD 'SCRAM-SHA-256$4096:");
        for (const password of [APP_PASSWORD, "a-different-password-1234", "another-password-7777"]) {
            expect(serverLog).to.not.include(password);
            expect(logLines.join("\n")).to.not.include(password);
        }
        expect(logLines.some((l) => l.includes("created role"))).to.equal(true);
    });
});
