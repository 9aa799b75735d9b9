// The bootstrap's entry point against a real PostgreSQL server: it reads both credentials from
// Secrets Manager (a stand-in here), connects with TLS verified, prepares the server and the
// database as the master user, returns what it did and never a credential.
import { expect } from "chai";
import { ClientConfig, Client } from "pg";
import { bootstrap, BootstrapEvent, connectionSettings } from "../../functions/db-bootstrap/handler";
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
    this.timeout(60_000);
    let server: TestPostgres;
    const secrets: Record<string, string | undefined> = {
        [EVENT.masterSecretArn]: JSON.stringify(MASTER),
        [EVENT.appSecretArn]: JSON.stringify({ username: EVENT.role, password: APP_PASSWORD, host: EVENT.host }),
    };
    const asked: string[] = [];
    const connections: ClientConfig[] = [];
    const open: Client[] = [];
    const deps = {
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
            { function: "db-bootstrap", message: "created role", role: "hse_handler_app" },
            { function: "db-bootstrap", message: "created database", database: "hse_handler" },
            { function: "db-bootstrap", message: "schema, grants and extensions in place", schema: "app", extensions: "citext" },
        ]);
        expect(lines.join("\n")).not.to.contain(APP_PASSWORD).and.not.to.contain(MASTER.password);
        expect(result).to.deep.equal({ createdRole: true, createdDatabase: true, extensions: ["citext"], database: "hse_handler", role: "hse_handler_app" });
        expect(asked).to.deep.equal([EVENT.masterSecretArn, EVENT.appSecretArn]);
        expect(connections.map((c) => c.database)).to.deep.equal(["postgres", "hse_handler"]);
        for (const settings of connections) {
            expect(settings).to.deep.equal(connectionSettings(EVENT, String(settings.database), MASTER));
        }
    });

    it("closes every connection it opened", async () => {
        const ended = await Promise.all(open.map((c) => c.query("SELECT 1").then(() => false, () => true)));
        expect(ended).to.deep.equal(open.map(() => true));
    });

    it("lets the application role log in with the password of its secret", async () => {
        const app = new Client({ host: "127.0.0.1", port: server.port, database: "hse_handler", user: EVENT.role, password: APP_PASSWORD });
        await app.connect();
        expect((await app.query("SELECT current_user AS who")).rows).to.deep.equal([{ who: EVENT.role }]);
        await app.end();
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
