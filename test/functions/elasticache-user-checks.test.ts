// The checks of the ElastiCache user behaviour, one by one: which passwords ElastiCache accepts,
// what DescribeUsers must answer before and after a change.
import { DescribeUsersCommand, ElastiCacheClient, ModifyUserCommand, User } from "@aws-sdk/client-elasticache";
import { GetRandomPasswordCommand, PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { elastiCacheUserBehaviour } from "../../functions/rotation/elasticache-user";
import { RotationEvent, rotationHandler } from "../../functions/rotation/protocol";
import { capturingLogs, describe as describeSecret, mockedClients, PENDING_STAGES as pendingStages, rotationEvent as event, values } from "./rotation-support";

const CURRENT = { host: "h", port: 6379, username: "hse-app", password: "Current-Password-0123456789ab" };
const ACTIVE: User = { UserId: "hse-dev-app", Status: "active", Authentication: { Type: "password", PasswordCount: 2 } };

describe("ElastiCache user checks", () => {
    let aws: ReturnType<typeof mockedClients>;
    let elasticache: ReturnType<typeof mockClient>;
    /** Runs `step` with these values (no pending value: none staged yet) and these users. */
    const run = async (step: RotationEvent["Step"], pending: object | undefined, users: User[] | "no list" = [ACTIVE], current: object = CURRENT) => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, current, pending);
        elasticache.on(DescribeUsersCommand).resolves(users === "no list" ? {} : { Users: users });
        elasticache.on(ModifyUserCommand).resolves({});
        const behaviour = elastiCacheUserBehaviour({ elasticache: new ElastiCacheClient({ region: "us-east-1" }), userId: "hse-dev-app", pollIntervalMs: 1, maxPolls: 2 });
        return capturingLogs(() => rotationHandler(behaviour, { clients: aws.clients, redeployServices: [] })(event(step)));
    };

    beforeEach(() => {
        aws = mockedClients();
        elasticache = mockClient(ElastiCacheClient);
    });
    afterEach(() => {
        aws.secrets.restore();
        aws.ecs.restore();
        elasticache.restore();
    });

    for (const [what, password] of [
        ["15 characters", "a".repeat(15)],
        ["129 characters", "a".repeat(129)],
        ["an @", "Password-with-@-0123456789"],
        ["a double quote", 'Password-with-"-0123456789'],
        ["a slash", "Password-with-/-0123456789"],
        ["a space", "Password with space 012345"],
        ["a space before 16 valid characters", " Valid-Password-0123456789"],
        ["a newline after 16 valid characters", "Valid-Password-0123456789\n"],
        ["a number instead of a text", 1234567890123456],
    ] as const) {
        it(`refuses a pending password with ${what}, before touching the user`, async () => {
            const { error } = await run("setSecret", { ...CURRENT, password });
            expect(error?.message).to.equal('the pending value has no valid password (16-128 characters, none of @ " / or spaces)');
            expect(elasticache.commandCalls(ModifyUserCommand)).to.have.length(0);
        });
    }

    it("accepts passwords of 16 and of 128 characters", async () => {
        for (const password of ["b".repeat(16), "c".repeat(128)]) {
            const { error } = await run("setSecret", { ...CURRENT, password });
            expect(error, password).to.equal(undefined);
        }
        expect(elasticache.commandCalls(ModifyUserCommand)).to.have.length(2);
    });

    it("refuses a current value without a valid password, naming it", async () => {
        const { error } = await run("setSecret", { ...CURRENT, password: "Pending-Password-0123456789" }, [ACTIVE], { ...CURRENT, password: "x" });
        expect(error?.message).to.equal('the current value has no valid password (16-128 characters, none of @ " / or spaces)');
    });

    it("refuses when DescribeUsers answers without a user list", async () => {
        const { error } = await run("setSecret", { ...CURRENT, password: "Pending-Password-0123456789" }, "no list");
        expect(error?.message).to.equal("ElastiCache user hse-dev-app not found");
        expect(elasticache.commandCalls(ModifyUserCommand)).to.have.length(0);
    });

    it("asks DescribeUsers for exactly its user, and refuses when it is not found", async () => {
        const { error } = await run("setSecret", { ...CURRENT, password: "Pending-Password-0123456789" }, []);
        expect(error?.message).to.equal("ElastiCache user hse-dev-app not found");
        expect(elasticache.commandCalls(DescribeUsersCommand).map((c) => c.args[0].input)).to.deep.equal([{ UserId: "hse-dev-app" }]);
    });

    it("sets both passwords once the user is active, and waits for it to be active again", async () => {
        const { error, lines } = await run("setSecret", { ...CURRENT, password: "Pending-Password-0123456789" });
        expect(error).to.equal(undefined);
        expect(elasticache.commandCalls(DescribeUsersCommand)).to.have.length(2);
        expect(lines.map((l) => (JSON.parse(l) as { message: string }).message)).to.include("the user now accepts the pending and the current password");
        expect(JSON.parse(lines.find((l) => l.includes("accepts"))!)).to.include({ userId: "hse-dev-app", kind: "elasticache-user" });
    });

    it("polls exactly maxPolls times before giving up, and says so in a log line", async () => {
        const { error, lines } = await run("setSecret", { ...CURRENT, password: "Pending-Password-0123456789" }, [{ ...ACTIVE, Status: "modifying" }]);
        expect(error?.message).to.equal("ElastiCache user hse-dev-app is not active after 2 polls");
        expect(elasticache.commandCalls(DescribeUsersCommand)).to.have.length(2);
        expect(JSON.parse(lines[lines.length - 1])).to.include({ message: "the user did not become active in time", polls: 2 });
    });

    // What testSecret refuses (a password the cache does not take, a server it cannot verify) is
    // checked against a real redis-server: test/functions/elasticache-login.test.ts.

    it("createSecret refuses an empty answer from GetRandomPassword and stages nothing", async () => {
        aws.secrets.on(GetRandomPasswordCommand).resolves({});
        const { error } = await run("createSecret", undefined);
        expect(error?.message).to.equal("Secrets Manager returned no password");
        expect(aws.secrets.commandCalls(PutSecretValueCommand)).to.have.length(0);
    });
});
