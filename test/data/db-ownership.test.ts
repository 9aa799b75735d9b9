// The ownership model of decision 0022 against a real PostgreSQL (Debian's package, started
// here), through the statements AWS's multi-user rotation runs (test/support/multi-user-rotation.ts):
// whichever login the services use after a flip, unqualified names resolve, a migration's table
// belongs to the owner, and the other login reads and alters it after the next flip. For the RDS
// bootstrap (master: CREATEROLE and CREATEDB, not a superuser, like RDS's) and for TimescaleDB's
// roles script (run as the cluster's superuser, as at boot), and for a database set up before the
// model, whose clone AWS created with CREATE ROLE + GRANT.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { BootstrapPlan, prepareDatabase, prepareServer } from "../../functions/db-bootstrap/bootstrap";
import { DatabaseCredentials, rotateMultiUser, RotationTarget, tryConnect } from "../support/multi-user-rotation";
import { startPostgres, TestPostgres } from "../support/postgres-server";
import { tempDir } from "../support/temp-dir";

const MASTER = { username: "rds_master", password: "master-password-8d2f" };
const ROLES_SCRIPT = path.join(__dirname, "../../components/data/timescale-files/roles.py");
let passwords = 0;
const newPassword = () => `rotated-password-${++passwords}-7b3e9c`;

describe("application objects through AWS's multi-user rotation (decision 0022)", function () {
    let server: TestPostgres;

    before(async () => {
        server = await startPostgres();
        await superuser("postgres", (c) => c.query(`CREATE ROLE ${MASTER.username} WITH LOGIN CREATEROLE CREATEDB PASSWORD '${MASTER.password}'`));
    });
    after(() => server?.stop());

    async function superuser<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
        const client = new Client({ host: server.socketDir, port: server.port, database, user: "postgres" });
        await client.connect();
        try {
            return await work(client);
        } finally {
            await client.end();
        }
    }

    async function as<T>(target: RotationTarget, login: DatabaseCredentials, work: (client: Client) => Promise<T>): Promise<T> {
        const client = await tryConnect(target, login);
        if (!client) throw new Error(`${login.username} cannot log in`);
        try {
            return await work(client);
        } finally {
            await client.end();
        }
    }

    const failure = (promise: Promise<unknown>) => promise.then(() => "succeeded", (e: Error) => e.message);
    const tableOwner = (target: RotationTarget, table: string) =>
        superuser(target.database, async (c) => (await c.query("SELECT schemaname, tableowner FROM pg_tables WHERE tablename = $1", [table])).rows);

    async function bootstrap(plan: BootstrapPlan, password: string): Promise<void> {
        const log = () => undefined;
        const target = { port: server.port, master: MASTER };
        await as({ ...target, database: "postgres" }, MASTER, (c) => prepareServer(c, plan, password, log));
        await as({ ...target, database: plan.database }, MASTER, (c) => prepareDatabase(c, plan, log));
    }

    /**
     * The flips, from `start` (the AWSCURRENT login, whose first table `devices` holds one row):
     * the rotation finds the alternate login and only sets its password; as it, unqualified
     * queries and a migration; flip back; the original reads and alters the migration's table.
     */
    function flips(state: { target: RotationTarget; current: DatabaseCredentials; owner: string }) {
        it("the rotation finds the other login and only gives it a password (ALTER USER, no CREATE ROLE or GRANT)", async () => {
            const before = state.current;
            const outcome = await rotateMultiUser(state.target, before, newPassword());
            expect(outcome.setSecret).to.equal("altered");
            expect(outcome.statements.filter((s) => /ROLE|USER|GRANT/.test(s) && !s.startsWith("SELECT"))).to.deep.equal([`ALTER USER ${outcome.current.username} WITH PASSWORD <password>`]);
            expect(outcome.current.username).to.not.equal(before.username);
            state.current = outcome.current;
        });

        it("as that login: unqualified queries resolve in the schema, and a migration's table belongs to the owner", async () => {
            const seen = await as(state.target, state.current, async (c) => {
                const who = (await c.query("SELECT session_user AS login, current_user AS acting FROM devices")).rows;
                await c.query("CREATE TABLE readings (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, value text NOT NULL)");
                await c.query("INSERT INTO readings (value) VALUES ('first'), ('second')");
                return who;
            });
            expect(seen).to.deep.equal([{ login: state.current.username, acting: state.owner }]);
            expect(await tableOwner(state.target, "readings")).to.deep.equal([{ schemaname: "app", tableowner: state.owner }]);
        });

        it("flipped back: the original login reads and alters that table, and the previous login still works meanwhile", async () => {
            const previous = state.current;
            const outcome = await rotateMultiUser(state.target, previous, newPassword());
            expect(outcome.setSecret).to.equal("altered");
            state.current = outcome.current;
            const rows = await as(state.target, state.current, async (c) => {
                await c.query("ALTER TABLE readings ADD COLUMN taken_at timestamptz NOT NULL DEFAULT now()");
                await c.query("CREATE INDEX readings_taken_at ON readings (taken_at)");
                await c.query("INSERT INTO readings (value) VALUES ('third')");
                return (await c.query("SELECT value FROM readings ORDER BY id")).rows;
            });
            expect(rows).to.deep.equal([{ value: "first" }, { value: "second" }, { value: "third" }]);
            // Multi-user rotation's promise: tasks still holding the previous value keep working.
            const stillThere = await as(state.target, previous, async (c) => (await c.query("SELECT count(taken_at)::int AS n FROM readings")).rows);
            expect(stillThere).to.deep.equal([{ n: 3 }]);
        });

        it("a session that leaves the owner (RESET ROLE) creates tables the other login can still use (default privileges)", async () => {
            await as(state.target, state.current, async (c) => {
                await c.query("RESET ROLE");
                await c.query("CREATE TABLE app.scratch (note text)");
                await c.query("INSERT INTO app.scratch VALUES ('made outside the owner')");
            });
            const other = await rotateMultiUser(state.target, state.current, newPassword());
            state.current = other.current;
            const notes = await as(state.target, state.current, async (c) => {
                await c.query("INSERT INTO scratch VALUES ('and by the other login')");
                return (await c.query("SELECT count(*)::int AS n FROM scratch")).rows;
            });
            expect(notes).to.deep.equal([{ n: 2 }]);
        });
    }

    describe("RDS: the bootstrap function's roles", () => {
        const plan: BootstrapPlan = { database: "hse_rds", role: "hse_app", schema: "app", extensions: ["pgcrypto"] };
        const first = { username: "hse_app", password: "first-password-0c4a9e" };
        const state = { target: {} as RotationTarget, current: first, owner: "hse_app_owner" };

        before(async () => {
            state.target = { port: server.port, database: plan.database, master: MASTER };
            await bootstrap(plan, first.password);
            await as(state.target, first, async (c) => {
                await c.query("CREATE TABLE devices (id text PRIMARY KEY)");
                await c.query("INSERT INTO devices VALUES ('d-1')");
            });
        });

        flips(state);
    });

    describe("RDS: a database bootstrapped before the model, whose clone AWS's rotation created", () => {
        const plan: BootstrapPlan = { database: "hse_legacy", role: "legacy_app", schema: "app", extensions: [] };
        const first = { username: "legacy_app", password: "legacy-password-51be07" };
        const state = { target: {} as RotationTarget, current: first, owner: "legacy_app_owner" };

        before(async () => {
            state.target = { port: server.port, database: plan.database, master: MASTER };
            // What the bootstrap did before decision 0022: one login role, granted the schema.
            await as({ ...state.target, database: "postgres" }, MASTER, async (c) => {
                await c.query(`CREATE ROLE legacy_app WITH LOGIN PASSWORD '${first.password}'`);
                await c.query("CREATE DATABASE hse_legacy");
                await c.query("REVOKE ALL ON DATABASE hse_legacy FROM PUBLIC");
                await c.query("GRANT CONNECT, TEMPORARY ON DATABASE hse_legacy TO legacy_app");
            });
            await as(state.target, MASTER, async (c) => {
                await c.query("CREATE SCHEMA app");
                await c.query("GRANT USAGE, CREATE ON SCHEMA app TO legacy_app");
                await c.query("ALTER ROLE legacy_app IN DATABASE hse_legacy SET search_path = app");
            });
            await as(state.target, first, async (c) => {
                await c.query("CREATE TABLE devices (id text PRIMARY KEY)");
                await c.query("INSERT INTO devices VALUES ('d-1')");
            });
        });

        it("shows the failure the model fixes: AWS's clone has no search_path and owns what it creates", async () => {
            const created = await rotateMultiUser(state.target, state.current, newPassword());
            expect(created.setSecret).to.equal("created");
            expect(created.statements.filter((s) => /ROLE|GRANT/.test(s) && !s.startsWith("SELECT"))).to.deep.equal([
                "CREATE ROLE legacy_app_clone WITH LOGIN PASSWORD <password>",
                "GRANT legacy_app TO legacy_app_clone",
            ]);
            const clone = created.current;
            expect(await as(state.target, clone, (c) => failure(c.query("SELECT count(*) FROM devices")))).to.match(/relation "devices" does not exist/);
            await as(state.target, clone, (c) => c.query("CREATE TABLE app.readings_old (id int)"));
            expect(await tableOwner(state.target, "readings_old")).to.deep.equal([{ schemaname: "app", tableowner: "legacy_app_clone" }]);
            const back = await rotateMultiUser(state.target, clone, newPassword());
            expect(await as(state.target, back.current, (c) => failure(c.query("ALTER TABLE app.readings_old ADD COLUMN x int")))).to.match(/must be owner/);
            state.current = back.current;
        });

        it("the bootstrap's next run moves both logins' objects to the owner", async () => {
            await bootstrap(plan, "not-used-the-role-exists");
            expect(await tableOwner(state.target, "devices")).to.deep.equal([{ schemaname: "app", tableowner: "legacy_app_owner" }]);
            expect(await tableOwner(state.target, "readings_old")).to.deep.equal([{ schemaname: "app", tableowner: "legacy_app_owner" }]);
            // The logins kept the passwords the rotation gave them.
            await as(state.target, state.current, (c) => c.query("ALTER TABLE readings_old ADD COLUMN x int"));
        });

        flips(state);
    });

    describe("TimescaleDB: the boot document's roles script", () => {
        const ADMIN_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:hse/test/timescale-admin";
        const APP_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:hse/test/timescale";
        const admin = { username: "tsdb_admin", password: "admin-password-3e8d1a" };
        const first = { username: "devices_app", password: "devices-password-a90f3c" };
        const state = { target: {} as RotationTarget, current: first, owner: "devices_app_owner" };

        /**
         * Runs the script as the boot document does (as root; psql as postgres), with Secrets
         * Manager replaced by a boto3 of the test's (first on PYTHONPATH), the cluster's socket
         * in PGHOST, and pgcrypto for the extension: Debian's PostgreSQL has no TimescaleDB.
         */
        function runRoles(): string {
            const dir = tempDir("roles");
            {
                fs.writeFileSync(path.join(dir, "secrets.json"), JSON.stringify({ [ADMIN_ARN]: JSON.stringify(admin), [APP_ARN]: JSON.stringify(first) }));
                fs.writeFileSync(path.join(dir, "boto3.py"), [
                    "import json, os",
                    "class _SecretsManager:",
                    "    def get_secret_value(self, SecretId):",
                    "        with open(os.environ['HSE_TEST_SECRETS']) as f:",
                    "            return {'SecretString': json.load(f)[SecretId]}",
                    "def client(service, region_name=None):",
                    "    assert service == 'secretsmanager' and region_name == 'eu-west-1'",
                    "    return _SecretsManager()",
                    "",
                ].join("\n"));
                return execFileSync("python3", [ROLES_SCRIPT, "eu-west-1", String(server.port), "hse_devices", ADMIN_ARN, APP_ARN, "pgcrypto"], {
                    encoding: "utf8",
                    stdio: ["ignore", "pipe", "pipe"],
                    env: { ...process.env, PYTHONPATH: dir, PGHOST: server.socketDir, HSE_TEST_SECRETS: path.join(dir, "secrets.json") },
                });
            }
        }

        const catalog = () =>
            superuser("hse_devices", async (c) => ({
                roles: (await c.query("SELECT rolname, rolcanlogin, rolcreaterole, rolpassword IS NULL AS no_password FROM pg_authid WHERE rolname IN ('tsdb_admin', 'devices_app', 'devices_app_clone', 'devices_app_owner') ORDER BY 1")).rows,
                members: (await c.query("SELECT pg_get_userbyid(roleid) AS role, pg_get_userbyid(member) AS member FROM pg_auth_members WHERE pg_get_userbyid(roleid) LIKE 'devices%' ORDER BY 1, 2")).rows,
                settings: (await c.query("SELECT pg_get_userbyid(setrole) AS login, setconfig::text FROM pg_db_role_setting WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = 'hse_devices') ORDER BY 1")).rows,
                schema: (await c.query("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'app'")).rows,
                databaseAcl: (await c.query("SELECT datacl::text AS acl FROM pg_database WHERE datname = 'hse_devices'")).rows,
                extensions: (await c.query("SELECT extname FROM pg_extension ORDER BY 1")).rows,
            }));

        before(async () => {
            state.target = { port: server.port, database: "hse_devices", master: admin };
            expect(runRoles()).to.equal("hse-timescale-roles: roles, database, schema and extension in place\n");
            await as(state.target, first, async (c) => {
                await c.query("CREATE TABLE devices (id text PRIMARY KEY)");
                await c.query("INSERT INTO devices VALUES ('d-1')");
            });
        });

        it("creates the admin, the owner, both logins (the clone without a password) and the database's settings", async () => {
            expect(await catalog()).to.deep.equal({
                roles: [
                    { rolname: "devices_app", rolcanlogin: true, rolcreaterole: false, no_password: false },
                    { rolname: "devices_app_clone", rolcanlogin: true, rolcreaterole: false, no_password: true },
                    { rolname: "devices_app_owner", rolcanlogin: false, rolcreaterole: false, no_password: true },
                    { rolname: "tsdb_admin", rolcanlogin: true, rolcreaterole: true, no_password: false },
                ],
                members: [
                    { role: "devices_app_owner", member: "devices_app" },
                    { role: "devices_app_owner", member: "devices_app_clone" },
                ],
                settings: [
                    { login: "devices_app", setconfig: "{search_path=app,role=devices_app_owner}" },
                    { login: "devices_app_clone", setconfig: "{search_path=app,role=devices_app_owner}" },
                ],
                schema: [{ owner: "devices_app_owner" }],
                // Not PUBLIC; the owner (so the logins) and the admin (the rotation connects to this database as it).
                databaseAcl: [{ acl: "{postgres=CTc/postgres,devices_app_owner=Tc/postgres,tsdb_admin=c/postgres}" }],
                extensions: [{ extname: "pgcrypto" }, { extname: "plpgsql" }],
            });
        });

        it("changes nothing on the next instance's first boot, and the logins keep their passwords", async () => {
            const before = await catalog();
            runRoles();
            expect(await catalog()).to.deep.equal(before);
            await as(state.target, first, (c) => c.query("SELECT 1"));
        });

        flips(state);
    });
});
