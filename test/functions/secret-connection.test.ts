// The stack's connection fields merged into a rotated secret (docs/decisions/0023): the fields
// change, the password rotation wrote stays; nothing is written when nothing changed; a
// rotation in flight, a field rotation owns, or a value that is not JSON are refused without
// echoing the value. And the stacks invoke it per secret with the fields only.
import { expect } from "chai";
import { ConnectionDependencies, syncConnection } from "../../functions/secret-connection/handler";
import { buildStack } from "../../offline/build";

const SECRET = "arn:aws:secretsmanager:us-east-1:111122223333:secret:hse/dev/postgres-AbCdEf";
const ROTATED = { engine: "postgres", host: "old.example", port: 5432, username: "hse_app_clone", password: "Rotated-Password-123456", dbname: "hse_dev", masterarn: "arn:m" };

function fakeSecrets(value: string | undefined, stages: Record<string, string[]> = { v1: ["AWSCURRENT"] }) {
    const puts: { token: string; value: string }[] = [];
    const deps: ConnectionDependencies = {
        stages: () => Promise.resolve(stages),
        currentValue: () => Promise.resolve(value),
        put: (_id, token, written) => {
            puts.push({ token, value: written });
            return Promise.resolve();
        },
    };
    return { deps, puts };
}

async function quietly<T>(work: () => Promise<T>): Promise<{ result?: T; error?: Error; lines: string[] }> {
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: string) => lines.push(line);
    try {
        return { result: await work(), lines };
    } catch (error) {
        return { error: error as Error, lines };
    } finally {
        console.log = original;
    }
}

describe("secret connection fields", () => {
    it("writes a new version with the stack's fields and rotation's username and password", async () => {
        const { deps, puts } = fakeSecrets(JSON.stringify(ROTATED));
        const { result, lines } = await quietly(() => syncConnection(deps, { secretId: SECRET, fields: { host: "new.example", port: 6543, dbname: "hse_dev" } }));
        expect(result).to.deep.equal({ changed: ["host", "port"] });
        expect(puts).to.have.length(1);
        expect(JSON.parse(puts[0].value)).to.deep.equal({ ...ROTATED, host: "new.example", port: 6543 });
        expect(puts[0].token).to.match(/^[0-9a-f]{64}$/);
        expect(lines.join("\n")).to.not.include(ROTATED.password);
        // The same merge retried gives the same token: Secrets Manager makes no second version.
        const again = fakeSecrets(JSON.stringify(ROTATED));
        await quietly(() => syncConnection(again.deps, { secretId: SECRET, fields: { host: "new.example", port: 6543, dbname: "hse_dev" } }));
        expect(again.puts[0].token).to.equal(puts[0].token);
        // A change back to earlier fields merges to an earlier text: onto another current version it
        // gets another token, or Secrets Manager would take it as the earlier version and do nothing.
        const later = fakeSecrets(JSON.stringify(ROTATED), { v3: ["AWSCURRENT"], v1: ["AWSPREVIOUS"] });
        await quietly(() => syncConnection(later.deps, { secretId: SECRET, fields: { host: "new.example", port: 6543, dbname: "hse_dev" } }));
        expect(later.puts[0].value).to.equal(puts[0].value);
        expect(later.puts[0].token).to.not.equal(puts[0].token);
    });

    it("writes nothing when the fields are already current, even while a rotation runs", async () => {
        const { deps, puts } = fakeSecrets(JSON.stringify(ROTATED), { v1: ["AWSCURRENT"], v2: ["AWSPENDING"] });
        const { result } = await quietly(() => syncConnection(deps, { secretId: SECRET, fields: { host: "old.example", port: 5432, dbname: "hse_dev" } }));
        expect(result).to.deep.equal({ changed: [] });
        expect(puts).to.have.length(0);
    });

    it("refuses a change while a rotation is in flight (its pending version has the old fields)", async () => {
        const { deps, puts } = fakeSecrets(JSON.stringify(ROTATED), { v1: ["AWSCURRENT"], v2: ["AWSPENDING"] });
        const { error } = await quietly(() => syncConnection(deps, { secretId: SECRET, fields: { port: 6543 } }));
        expect(error?.message).to.equal("a rotation is in progress (a version is AWSPENDING only); let it finish, then run pulumi up again");
        expect(puts).to.have.length(0);
        const closed = fakeSecrets(JSON.stringify(ROTATED), { v1: ["AWSCURRENT", "AWSPENDING"], v0: ["AWSPREVIOUS"] });
        expect((await quietly(() => syncConnection(closed.deps, { secretId: SECRET, fields: { port: 6543 } }))).error).to.equal(undefined);
    });

    it("never sets what rotation owns, and never echoes a value that is not JSON", async () => {
        const { deps } = fakeSecrets(JSON.stringify(ROTATED));
        const owned = await quietly(() => syncConnection(deps, { secretId: SECRET, fields: { password: "x", port: 1 } }));
        expect(owned.error?.message).to.equal("password belong to rotation; the stack sets connection fields only");
        const broken = fakeSecrets("Rotated-Password-123456 not json");
        const { error } = await quietly(() => syncConnection(broken.deps, { secretId: SECRET, fields: { port: 1 } }));
        expect(error?.message).to.equal(`secret ${SECRET}: its AWSCURRENT value is not a JSON object`);
        for (const text of ["[1]", "null", JSON.stringify("Rotated-Password-123456")]) {
            const notAnObject = fakeSecrets(text);
            const refused = await quietly(() => syncConnection(notAnObject.deps, { secretId: SECRET, fields: { port: 1 } }));
            expect(refused.error?.message, text).to.equal(`secret ${SECRET}: its AWSCURRENT value is not a JSON object`);
            expect(notAnObject.puts, text).to.have.length(0);
        }
        const both = await quietly(() => syncConnection(deps, { secretId: SECRET, fields: { username: "u", password: "x", port: 1 } }));
        expect(both.error?.message).to.equal("username, password belong to rotation; the stack sets connection fields only");
    });

    it("names the changed fields in order, whatever order the stack gives them in", async () => {
        const { deps } = fakeSecrets(JSON.stringify(ROTATED));
        const { result } = await quietly(() => syncConnection(deps, { secretId: SECRET, fields: { port: 6543, host: "new.example" } }));
        expect(result).to.deep.equal({ changed: ["host", "port"] });
    });

    it("is invoked per rotated secret with the fields the stack owns, never a password, after the secret exists", async () => {
        const built = await buildStack("dev");
        const invocations = built.ofType("aws:lambda/invocation:Invocation").filter((i) => i.name.startsWith("hse-dev-secret-connections-"));
        expect(invocations.map((i) => i.name).sort()).to.deep.equal(["cache", "postgres", "timescale", "timescale-admin"].map((n) => `hse-dev-secret-connections-${n}`));
        const input = (name: string) => JSON.parse(invocations.find((i) => i.name === `hse-dev-secret-connections-${name}`)!.inputs.input);
        expect(Object.keys(input("postgres").fields)).to.deep.equal(["host", "port", "dbname"]);
        expect(input("postgres").fields).to.include({ port: 5432, dbname: "hse_dev" });
        expect(input("cache").fields).to.include({ port: 6379, tls: true, clusterMode: false });
        expect(input("postgres").secretId).to.equal(built.named("hse-dev-postgres-app-user-secret-secret").outputs?.arn);
        // Its component in dependsOn stands for all of its resources, the secret's first version among them.
        expect(invocations.find((i) => i.name.endsWith("postgres"))!.dependencies).to.include(built.named("hse-dev-postgres-app-user-secret-initial").urn);
        expect(invocations.find((i) => i.name.endsWith("cache"))!.dependencies).to.include(built.named("hse-dev-cache-secret-initial").urn);
    });

    it("keeps TimescaleDB's address, port, database and CA in both of its rotated secrets", async () => {
        const built = await buildStack("dev");
        const timescale = built.outputs.data.timescale;
        const input = (name: string) => JSON.parse(built.named(`hse-dev-secret-connections-${name}`).inputs.input);
        const shared = { host: timescale.host, port: 5432, caCertificate: timescale.caCertificate };
        expect(input("timescale")).to.deep.include({ secretId: timescale.appSecretArn, fields: { ...shared, dbname: "hse_devices" } });
        expect(input("timescale-admin")).to.deep.include({ secretId: timescale.adminSecretArn, fields: { ...shared, dbname: "postgres" } });
        for (const [name, role] of [["timescale", "app"], ["timescale-admin", "admin"]]) {
            expect(built.named(`hse-dev-secret-connections-${name}`).dependencies).to.include(built.named(`hse-dev-timescale-${role}-secret-initial`).urn);
        }
    });
});
