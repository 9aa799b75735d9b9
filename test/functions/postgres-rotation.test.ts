// Our PostgreSQL rotation (functions/rotation/postgres-user.ts) against a real PostgreSQL with
// TLS on, a certificate of a CA the test made (IP address 127.0.0.1 only, as the stack's is for
// the TimescaleDB address) and the boot document's pg_hba rules (TLS and SCRAM only). Secrets
// Manager is a fake with real stages, so whole rotations run, each step twice.
import { expect } from "chai";
import * as fs from "fs";
import { Client } from "pg";
import { pgHba } from "../../components/data/timescale-boot";
import { scramSha256Verifier } from "../../functions/db-bootstrap/scram";
import { postgresUserBehaviour, Strategy } from "../../functions/rotation/postgres-user";
import { rotationHandler, STEPS } from "../../functions/rotation/protocol";
import { startPostgres, TestPostgres } from "../support/postgres-server";
import { testCertificateAuthority, testServerCertificate } from "../support/test-certificates";
import { FakeSecretsManager } from "./fake-secrets-manager";
import { capturingLogs, mockedClients } from "./rotation-support";

const ADMIN_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:hse/dev/timescale-admin-AbCdEf";
const APP_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:hse/dev/timescale-GhIjKl";
const ADMIN = { username: "hse_admin", password: "Admin-initial-password-0123456789" };
const APP = { username: "devices", password: "App-initial-password-9876543210ab" };
const DATABASE = "hse_devices";

describe("PostgreSQL rotation against a real server with verified TLS", function () {
    const ca = testCertificateAuthority("hse test TimescaleDB CA");
    const otherCa = testCertificateAuthority("hse test CA nobody trusts");
    let server: TestPostgres;
    let aws: ReturnType<typeof mockedClients>;
    let secrets: FakeSecretsManager;

    const login = (username: string, password: string, database: string, host = "127.0.0.1") => ({ engine: "postgres", host, port: server.port, username, password, dbname: database });

    async function superuser<T>(work: (client: Client) => Promise<T>): Promise<T> {
        const client = new Client({ host: server.socketDir, port: server.port, database: "postgres", user: "postgres" });
        await client.connect();
        try {
            return await work(client);
        } finally {
            await client.end();
        }
    }

    /** Whether a login works over TLS verified against the test CA. */
    async function logsIn(value: { username: unknown; password: unknown; dbname: unknown }): Promise<boolean> {
        const client = new Client({
            host: "127.0.0.1", port: server.port, database: String(value.dbname), user: String(value.username), password: String(value.password),
            ssl: { ca: ca.certificate, rejectUnauthorized: true },
        });
        try {
            await client.connect();
            await client.query("SELECT 1");
            return true;
        } catch (error) {
            if ((error as { code?: string }).code === "28P01") return false;
            throw error;
        } finally {
            await client.end().catch(() => undefined);
        }
    }

    const handlerFor = (strategy: Strategy, caCertificate = ca.certificate) =>
        rotationHandler(postgresUserBehaviour({ strategy, caCertificate, connectTimeoutMs: 5000 }), { clients: aws.clients, redeployServices: [] });

    /** One rotation of `secretId`, every step run twice (Secrets Manager retries a failed step). */
    async function rotate(strategy: Strategy, secretId: string): Promise<{ token: string; lines: string[] }> {
        const handler = handlerFor(strategy);
        const token = secrets.startRotation(secretId);
        const lines: string[] = [];
        for (const step of STEPS) {
            for (let attempt = 0; attempt < 2; attempt++) {
                const result = await capturingLogs(() => handler({ SecretId: secretId, ClientRequestToken: token, Step: step }));
                lines.push(...result.lines);
                if (result.error) throw new Error(`${step} (attempt ${attempt + 1}) failed: ${result.error.message}`);
            }
        }
        return { token, lines };
    }

    /** The roles' passwords set as verifiers, so the test's own statements leave no password in the server log either. */
    const passwordSql = (password: string) => `PASSWORD '${scramSha256Verifier(password)}'`;
    const resetAdmin = () => superuser((c) => c.query(`ALTER ROLE ${ADMIN.username} WITH ${passwordSql(ADMIN.password)}`));

    const verifierOf = (role: string) => superuser(async (c) => (await c.query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [role])).rows[0]?.rolpassword as string | undefined);

    before(async () => {
        const certificate = testServerCertificate(ca, "timescaledb", ["127.0.0.1"]);
        const hba = pgHba(["127.0.0.1/32"]);
        // The boot document's rules, but the test's superuser on the socket by trust (peer needs the OS user postgres).
        expect(hba).to.include("local all postgres peer\n");
        server = await startPostgres({ tls: certificate, hba: hba.replace("local all postgres peer", "local all postgres trust") });
        await superuser(async (c) => {
            // The roles as the boot document's roles script makes them.
            await c.query(`CREATE ROLE ${ADMIN.username} WITH LOGIN CREATEROLE CREATEDB ${passwordSql(ADMIN.password)}`);
            await c.query(`CREATE ROLE ${APP.username} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE ${passwordSql(APP.password)}`);
            await c.query(`GRANT ${APP.username} TO ${ADMIN.username} WITH ADMIN OPTION`);
            await c.query(`CREATE DATABASE ${DATABASE}`);
            await c.query(`REVOKE ALL ON DATABASE ${DATABASE} FROM PUBLIC`);
            await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${DATABASE} TO ${APP.username}`);
        });
    });

    after(() => server?.stop());

    beforeEach(() => {
        aws = mockedClients();
        secrets = new FakeSecretsManager(aws.secrets);
    });

    afterEach(async () => {
        aws.secrets.restore();
        aws.ecs.restore();
        await resetAdmin();
    });

    it("the server is the boot document's: no connection without TLS", async () => {
        const plain = new Client({ host: "127.0.0.1", port: server.port, database: "postgres", user: ADMIN.username, password: ADMIN.password, ssl: false });
        const error = await plain.connect().then(() => undefined, (e: Error) => e);
        await plain.end().catch(() => undefined);
        expect(error?.message).to.match(/no pg_hba.conf entry .* no encryption/);
    });

    it("single user: the four steps, each retried, leave the new password working and the old one refused", async () => {
        secrets.create(ADMIN_ARN, login(ADMIN.username, ADMIN.password, "postgres"));
        const { token, lines } = await rotate("single-user", ADMIN_ARN);

        const current = secrets.value(ADMIN_ARN);
        expect(current.password).to.equal(secrets.generated[0]);
        expect(secrets.generated).to.have.length(1);
        expect(current).to.deep.include({ username: ADMIN.username, host: "127.0.0.1", port: server.port, dbname: "postgres", caCertificate: ca.certificate });
        expect(secrets.stages(ADMIN_ARN)[token]).to.include("AWSCURRENT");
        expect(secrets.value(ADMIN_ARN, "AWSPREVIOUS").password).to.equal(ADMIN.password);
        expect(await logsIn(current as typeof ADMIN & { dbname: string })).to.equal(true);
        expect(await logsIn({ ...ADMIN, dbname: "postgres" })).to.equal(false);

        expect(lines.filter((l) => l.includes("set the pending password"))).to.have.length(1);
        expect(lines.filter((l) => l.includes("already logs in (a retry)"))).to.have.length(1);
        expect(lines.filter((l) => l.includes("reusing it"))).to.have.length(1);
        // Neither password reached the server's log or ours; the verifier did.
        const serverLog = fs.readFileSync(server.logFile, "utf8");
        expect(serverLog).to.include("ALTER ROLE \"hse_admin\" WITH PASSWORD 'SCRAM-SHA-256$4096:");
        for (const password of [ADMIN.password, String(current.password)]) {
            expect(serverLog).to.not.include(password);
            expect(lines.join("\n")).to.not.include(password);
        }
    });

    it("single user: a setSecret retried after its password was set changes nothing", async () => {
        secrets.create(ADMIN_ARN, login(ADMIN.username, ADMIN.password, "postgres"));
        const handler = handlerFor("single-user");
        const token = secrets.startRotation(ADMIN_ARN);
        await capturingLogs(() => handler({ SecretId: ADMIN_ARN, ClientRequestToken: token, Step: "createSecret" }));
        expect((await capturingLogs(() => handler({ SecretId: ADMIN_ARN, ClientRequestToken: token, Step: "setSecret" }))).error).to.equal(undefined);
        const verifier = await verifierOf(ADMIN.username);
        expect(verifier).to.match(/^SCRAM-SHA-256\$4096:/);
        const { error } = await capturingLogs(() => handler({ SecretId: ADMIN_ARN, ClientRequestToken: token, Step: "setSecret" }));
        expect(error).to.equal(undefined);
        expect(await verifierOf(ADMIN.username)).to.equal(verifier);
    });

    it("refuses a server whose certificate another CA signed, and sets nothing", async () => {
        secrets.create(ADMIN_ARN, login(ADMIN.username, ADMIN.password, "postgres"));
        const handler = handlerFor("single-user", otherCa.certificate);
        const token = secrets.startRotation(ADMIN_ARN);
        const before = await verifierOf(ADMIN.username);
        expect((await capturingLogs(() => handler({ SecretId: ADMIN_ARN, ClientRequestToken: token, Step: "createSecret" }))).error).to.equal(undefined);
        for (const step of ["setSecret", "testSecret"] as const) {
            const { error } = await capturingLogs(() => handler({ SecretId: ADMIN_ARN, ClientRequestToken: token, Step: step }));
            expect(error?.message, step).to.match(/self[- ]signed certificate in certificate chain|unable to verify|unable to get local issuer/);
        }
        expect(await verifierOf(ADMIN.username)).to.equal(before);
    });

    it("refuses a host name the certificate does not name (verify-full), even with the right CA", async () => {
        secrets.create(ADMIN_ARN, login(ADMIN.username, ADMIN.password, "postgres", "localhost"));
        const handler = handlerFor("single-user");
        const token = secrets.startRotation(ADMIN_ARN);
        await capturingLogs(() => handler({ SecretId: ADMIN_ARN, ClientRequestToken: token, Step: "createSecret" }));
        const { error } = await capturingLogs(() => handler({ SecretId: ADMIN_ARN, ClientRequestToken: token, Step: "setSecret" }));
        expect(error?.message).to.match(/Hostname\/IP does not match certificate's altnames/);
    });

    it("refuses to create a value without a CA to trust", async () => {
        secrets.create(ADMIN_ARN, login(ADMIN.username, ADMIN.password, "postgres"));
        const token = secrets.startRotation(ADMIN_ARN);
        const { error } = await capturingLogs(() => handlerFor("single-user", "")({ SecretId: ADMIN_ARN, ClientRequestToken: token, Step: "createSecret" }));
        expect(error?.message).to.equal("DATABASE_CA_CERTIFICATE holds no PEM certificate");
    });

    it("alternating users: a login missing from setup is refused, not created, and nothing is set", async () => {
        secrets.create(ADMIN_ARN, login(ADMIN.username, ADMIN.password, "postgres"));
        secrets.create(APP_ARN, { ...login(APP.username, APP.password, DATABASE), masterarn: ADMIN_ARN });
        await superuser((c) => c.query(`DROP ROLE IF EXISTS ${APP.username}_clone`));
        const error = await rotate("multi-user", APP_ARN).then(() => undefined, (e: Error) => e);
        expect(error?.message).to.equal(`setSecret (attempt 1) failed: the login ${APP.username}_clone does not exist: the TimescaleDB boot's roles script creates both alternating logins; run it (hse-timescale-roles) before rotating`);
        expect(await superuser(async (c) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [`${APP.username}_clone`])).rowCount)).to.equal(0);
        expect(secrets.value(APP_ARN).username).to.equal(APP.username);
    });

    it("alternating users: the clone made at setup gets its password, the previous user keeps working, and the next rotation flips back", async () => {
        secrets.create(ADMIN_ARN, login(ADMIN.username, ADMIN.password, "postgres"));
        secrets.create(APP_ARN, { ...login(APP.username, APP.password, DATABASE), masterarn: ADMIN_ARN });
        // As the boot's roles script makes them (decision 0022): an owner role, the clone without a password.
        await superuser(async (c) => {
            await c.query(`CREATE ROLE ${APP.username}_owner NOLOGIN`);
            await c.query(`CREATE ROLE ${APP.username}_clone WITH LOGIN PASSWORD NULL`);
            await c.query(`GRANT ${APP.username}_owner TO ${APP.username}, ${APP.username}_clone`);
            await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${DATABASE} TO ${APP.username}_owner`);
        });

        const first = await rotate("multi-user", APP_ARN);
        const clone = secrets.value(APP_ARN);
        expect(clone).to.deep.include({ username: `${APP.username}_clone`, dbname: DATABASE, masterarn: ADMIN_ARN, caCertificate: ca.certificate });
        expect(await logsIn(clone as typeof APP & { dbname: string })).to.equal(true);
        expect(await logsIn({ ...APP, dbname: DATABASE })).to.equal(true);
        // The existing clone's password is set once; setSecret's retry finds it already set.
        expect(first.lines.filter((l) => l.includes("set the alternate user's password"))).to.have.length(1);

        await rotate("multi-user", APP_ARN);
        const back = secrets.value(APP_ARN);
        expect(back.username).to.equal(APP.username);
        expect(back.password).to.not.equal(APP.password);
        expect(await logsIn(back as typeof APP & { dbname: string })).to.equal(true);
        expect(await logsIn({ ...APP, dbname: DATABASE })).to.equal(false);
        expect(await logsIn(clone as typeof APP & { dbname: string })).to.equal(true);
        // The master's own password never changed, and no password reached the server log.
        expect(await logsIn({ ...ADMIN, dbname: "postgres" })).to.equal(true);
        const serverLog = fs.readFileSync(server.logFile, "utf8");
        for (const password of secrets.generated) expect(serverLog).to.not.include(password);
    });
});
