// The bootstrap's entry point against a real PostgreSQL server: it reads both credentials from
// Secrets Manager (a stand-in here), connects with TLS verified, prepares the server and the
// database as the master user, returns what it did and never a credential.
import { expect } from "chai";
import { ClientConfig, Client } from "pg";
import { bootstrap, BootstrapEvent, connectionSettings, MASTER_ATTEMPTS, MASTER_RETRY_DELAY_MS } from "../../functions/db-bootstrap/handler";
import { startPostgres, TestPostgres } from "../support/postgres-server";

const MASTER = { username: "hse_master", password: "master-password-71c9e2" };
const APP_PASSWORD = "app-password-4be0d8f61a";
const EVENT: BootstrapEvent = {
    host: "hse-dev-postgres.abc.us-east-1.rds.amazonaws.com",
    port: 5432,
    masterSecretArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:rds!db-master",
    appSecretArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:hse/dev/postgres",
    database: "hse_handler",
    role: "hse_handler_app",
    schema: "app",
    extensions: ["citext"],
};

describe("database bootstrap entry point against PostgreSQL", function () {
    let server: TestPostgres;
    const secrets: Record<string, string | undefined> = {
        [EVENT.masterSecretArn]: JSON.stringify(MASTER),
        [EVENT.appSecretArn]: JSON.stringify({ username: EVENT.role, password: APP_PASSWORD, host: EVENT.host }),
    };
    const asked: string[] = [];
    const connections: ClientConfig[] = [];
    const open: Client[] = [];
    const waits: number[] = [];
    const deps = {
        sleep: (ms: number) => {
            waits.push(ms);
            return Promise.resolve();
        },
        getSecretString: (id: string) => {
            asked.push(id);
            return Promise.resolve(secrets[id]);
        },
        // The settings are recorded as given; the connection goes to the local server without TLS.
        connect: async (settings: ClientConfig) => {
            connections.push(settings);
            const client = new Client({ ...settings, host: "127.0.0.1", port: server.port, ssl: false });
            await client.connect();
            open.push(client);
            return client;
        },
    };

    before(async () => {
        server = await startPostgres();
        const superuser = new Client({ host: server.socketDir, port: server.port, database: "postgres", user: "postgres" });
        await superuser.connect();
        await superuser.query(`CREATE ROLE ${MASTER.username} WITH LOGIN CREATEROLE CREATEDB PASSWORD '${MASTER.password}'`);
        await superuser.end();
    });
    after(() => server?.stop());

    /** Runs `work` with console.log captured: the function's log lines, as Lambda would store them. */
    async function logged<T>(work: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
        const lines: string[] = [];
        const original = console.log;
        console.log = (line: string) => lines.push(line);
        try {
            return { result: await work(), lines };
        } finally {
            console.log = original;
        }
    }

    it("reads the master and the application secrets, prepares server then database, and says what it did", async () => {
        const { result, lines } = await logged(() => bootstrap(EVENT, deps));
        expect(lines.map((l) => JSON.parse(l))).to.deep.equal([
            { function: "db-bootstrap", message: "created role", role: "hse_handler_app_owner" },
            { function: "db-bootstrap", message: "created role", role: "hse_handler_app" },
            { function: "db-bootstrap", message: "created role", role: "hse_handler_app_clone" },
            { function: "db-bootstrap", message: "created database", database: "hse_handler" },
            { function: "db-bootstrap", message: "schema, ownership, grants and extensions in place", schema: "app", owner: "hse_handler_app_owner", extensions: "citext" },
        ]);
        expect(lines.join("\n")).not.to.contain(APP_PASSWORD).and.not.to.contain(MASTER.password);
        expect(result).to.deep.equal({ createdRole: true, createdDatabase: true, extensions: ["citext"], database: "hse_handler", role: "hse_handler_app" });
        // The master secret is read for each connection: a rotation between them is picked up.
        expect(asked).to.deep.equal([EVENT.appSecretArn, EVENT.masterSecretArn, EVENT.masterSecretArn]);
        expect(waits).to.deep.equal([]);
        expect(connections.map((c) => c.database)).to.deep.equal(["postgres", "hse_handler"]);
        for (const settings of connections) {
            expect(settings).to.deep.equal(connectionSettings(EVENT, String(settings.database), MASTER));
        }
    });

    it("closes every connection it opened", async () => {
        const ended = await Promise.all(open.map((c) => c.query("SELECT 1").then(() => false, () => true)));
        expect(ended).to.deep.equal(open.map(() => true));
    });

    for (const [what, text] of [["not JSON", "{\"username\":\"u\",\"password\":\"s3cr3t-start-of-value"], ["a JSON string", JSON.stringify("s3cr3t-start-of-value")], ["a JSON array", JSON.stringify(["s3cr3t-start-of-value"])]] as const) {
        it(`refuses a secret that is ${what} without quoting any of it (JSON.parse's own message would)`, async () => {
            const failure = await bootstrap(EVENT, { ...deps, getSecretString: (id) => Promise.resolve(id === EVENT.appSecretArn ? text : secrets[id]) }).then(() => undefined, (e: Error) => e);
            expect(failure?.message).to.equal(`secret ${EVENT.appSecretArn} is ${what === "not JSON" ? "not JSON" : "not a JSON object"}`);
            expect(failure?.message).to.not.contain("s3cr3t");
            expect(String(failure?.stack)).to.not.contain("s3cr3t");
            expect((failure as Error & { cause?: unknown })?.cause).to.equal(undefined);
        });
    }

    /** A master secret whose first `stale` reads give the password RDS's rotation just replaced. */
    function rotatingMaster(stale: number) {
        let reads = 0;
        return (id: string) => {
            if (id !== EVENT.masterSecretArn) return Promise.resolve(secrets[id]);
            reads++;
            return Promise.resolve(JSON.stringify(reads <= stale ? { ...MASTER, password: "password-before-rotation" } : MASTER));
        };
    }

    it("retries a master password refused mid-rotation (28P01) with the secret read again, and says so without the password", async () => {
        waits.length = 0;
        const { result, lines } = await logged(() => bootstrap(EVENT, { ...deps, getSecretString: rotatingMaster(2) }));
        expect(result.createdRole).to.equal(false);
        expect(waits).to.deep.equal([MASTER_RETRY_DELAY_MS, MASTER_RETRY_DELAY_MS]);
        const retries = lines.map((l) => JSON.parse(l) as Record<string, string>).filter((l) => l.message.includes("28P01"));
        expect(retries).to.deep.equal([1, 2].map((attempt) => ({ function: "db-bootstrap", message: "master password refused (28P01), perhaps mid-rotation; reading the secret again", attempt: String(attempt) })));
        expect(lines.join("\n")).to.not.contain("password-before-rotation");
    });

    it(`gives up after ${MASTER_ATTEMPTS} refused attempts, naming the secret`, async () => {
        waits.length = 0;
        const { result: failure } = await logged(() => bootstrap(EVENT, { ...deps, getSecretString: rotatingMaster(MASTER_ATTEMPTS) }).then(() => undefined, (e: Error) => e));
        expect(failure?.message).to.equal(`the master password of secret ${EVENT.masterSecretArn} was refused ${MASTER_ATTEMPTS} times (28P01); is its rotation stuck?`);
        expect(waits).to.have.lengthOf(MASTER_ATTEMPTS - 1);
    });

    it("does not retry other connection failures", async () => {
        waits.length = 0;
        const refused = Object.assign(new Error("no pg_hba.conf entry"), { code: "28000" });
        const failure = await bootstrap(EVENT, { ...deps, connect: () => Promise.reject(refused) }).then(() => undefined, (e: Error) => e);
        expect(failure).to.equal(refused);
        expect(waits).to.deep.equal([]);
    });

    it("lets the application role log in with the password of its secret", async () => {
        const app = new Client({ host: "127.0.0.1", port: server.port, database: "hse_handler", user: EVENT.role, password: APP_PASSWORD });
        await app.connect();
        // It acts as the owner of the application's objects (decision 0022).
        expect((await app.query("SELECT session_user AS who, current_user AS acting").finally(() => app.end())).rows).to.deep.equal([{ who: EVENT.role, acting: `${EVENT.role}_owner` }]);
    });

    it("connects to the event's host and port as the master user, verifying the server's certificate", () =>
        expect(connectionSettings(EVENT, "postgres", MASTER)).to.deep.equal({
            host: EVENT.host,
            port: 5432,
            database: "postgres",
            user: "hse_master",
            password: MASTER.password,
            ssl: { rejectUnauthorized: true },
        }));

    for (const [what, value] of [["no value", undefined], ["no password", JSON.stringify({ username: "u" })], ["no user name", JSON.stringify({ password: "p" })], ["a numeric password", JSON.stringify({ username: "u", password: 5 })]] as const) {
        it(`refuses a secret with ${what}, naming the secret and nothing of its value`, async () => {
            const failure = await bootstrap(EVENT, { ...deps, getSecretString: (id) => Promise.resolve(id === EVENT.masterSecretArn ? value : secrets[id]) }).then(() => undefined, (e: Error) => e);
            expect(failure?.message).to.equal(`secret ${EVENT.masterSecretArn} has no username and password`);
        });
    }

    it("closes the connection when the work fails", async () => {
        const clients: Client[] = [];
        const { result: failing } = await logged(() => bootstrap({ ...EVENT, extensions: ["no_such_extension"] }, {
            ...deps,
            connect: async (settings) => {
                const client = await deps.connect(settings);
                clients.push(client);
                return client;
            },
        }).then(() => undefined, (e: Error) => e));
        expect(failing).to.be.instanceOf(Error);
        expect(clients).to.have.lengthOf(2);
        const ended = await Promise.all(clients.map((c) => c.query("SELECT 1").then(() => false, () => true)));
        expect(ended).to.deep.equal([true, true]);
    });
});
