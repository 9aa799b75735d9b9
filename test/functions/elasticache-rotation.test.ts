// Our ElastiCache user rotation on the shared protocol, against mocked AWS APIs: every check
// Secrets Manager documents, the exact calls of each step, idempotency, the redeploy of exactly
// the configured services, and logs without values.
import { DescribeUsersCommand, ElastiCacheClient, ModifyUserCommand } from "@aws-sdk/client-elasticache";
import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { GetRandomPasswordCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { elastiCacheUserBehaviour, EXCLUDED_CHARACTERS, PASSWORD_LENGTH } from "../../functions/rotation/elasticache-user";
import { RotationEvent, rotationHandler } from "../../functions/rotation/protocol";
import { capturingLogs, CURRENT_VERSION, describe as describeSecret, mockedClients, PENDING_STAGES as pendingStages, rotationEvent as event, SECRET_ID, TOKEN, values } from "./rotation-support";

const CURRENT = { host: "master.hse-dev-cache.example", port: 6379, username: "hse-app", password: "Current-Password-0123456789ab", tls: true, clusterMode: false };
const PENDING = { ...CURRENT, password: "Pending-Password-9876543210zy" };
const NEW_PASSWORD = "Generated-Password-55555555555";
const SERVICES = [{ cluster: "hse-dev", service: "hse-dev-monolith" }, { cluster: "hse-dev", service: "hse-dev-devices" }];

describe("ElastiCache user rotation", () => {
    let aws: ReturnType<typeof mockedClients>;
    let elasticache: ReturnType<typeof mockClient>;
    let handler: (e: RotationEvent) => Promise<void>;

    beforeEach(() => {
        aws = mockedClients();
        elasticache = mockClient(ElastiCacheClient);
        elasticache.on(DescribeUsersCommand).resolves({ Users: [{ UserId: "hse-dev-app", Status: "active", Authentication: { Type: "password", PasswordCount: 2 } }] });
        const behaviour = elastiCacheUserBehaviour({ elasticache: new ElastiCacheClient({ region: "us-east-1" }), userId: "hse-dev-app", pollIntervalMs: 1, maxPolls: 3 });
        handler = rotationHandler(behaviour, { clients: aws.clients, redeployServices: SERVICES });
    });

    afterEach(() => {
        aws.secrets.restore();
        aws.ecs.restore();
        elasticache.restore();
    });


    it("refuses to run when rotation is not enabled on the secret", async () => {
        describeSecret(aws.secrets, pendingStages, false);
        const { error } = await capturingLogs(() => handler(event("createSecret")));
        expect(error?.message).to.equal("rotation is not enabled on the secret");
        expect(aws.secrets.commandCalls(PutSecretValueCommand)).to.have.length(0);
    });

    it("refuses a token that is not a version of the secret", async () => {
        describeSecret(aws.secrets, { [CURRENT_VERSION]: ["AWSCURRENT"] });
        const { error } = await capturingLogs(() => handler(event("setSecret")));
        expect(error?.message).to.equal("the token is not a version of the secret");
        expect(elasticache.commandCalls(ModifyUserCommand)).to.have.length(0);
    });

    it("refuses a version that is not staged AWSPENDING", async () => {
        describeSecret(aws.secrets, { [CURRENT_VERSION]: ["AWSCURRENT"], [TOKEN]: [] });
        const { error } = await capturingLogs(() => handler(event("testSecret")));
        expect(error?.message).to.equal("the version is not staged AWSPENDING");
    });

    it("does nothing at all when the token is already AWSCURRENT", async () => {
        describeSecret(aws.secrets, { [TOKEN]: ["AWSCURRENT"], [CURRENT_VERSION]: ["AWSPREVIOUS"] });
        for (const step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as const) {
            const { error, lines } = await capturingLogs(() => handler(event(step)));
            expect(error).to.equal(undefined);
            expect(lines.some((l) => l.includes("already AWSCURRENT; nothing to do"))).to.equal(true);
        }
        expect(aws.secrets.calls().map((c) => c.args[0].constructor.name)).to.deep.equal(Array(4).fill("DescribeSecretCommand"));
        expect(elasticache.calls()).to.have.length(0);
        expect(aws.ecs.calls()).to.have.length(0);
    });

    it("createSecret: makes a new password and stages it AWSPENDING", async () => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, CURRENT);
        aws.secrets.on(GetRandomPasswordCommand).resolves({ RandomPassword: NEW_PASSWORD });
        aws.secrets.on(PutSecretValueCommand).resolves({});
        const { error } = await capturingLogs(() => handler(event("createSecret")));
        expect(error).to.equal(undefined);
        expect(aws.secrets.commandCalls(GetRandomPasswordCommand)[0].args[0].input).to.deep.equal({ PasswordLength: PASSWORD_LENGTH, ExcludeCharacters: EXCLUDED_CHARACTERS, IncludeSpace: false });
        expect(aws.secrets.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input)).to.deep.equal([
            { SecretId: SECRET_ID, ClientRequestToken: TOKEN, SecretString: JSON.stringify({ ...CURRENT, password: NEW_PASSWORD }), VersionStages: ["AWSPENDING"] },
        ]);
    });

    it("createSecret: reuses an AWSPENDING value a failed run left", async () => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, CURRENT, PENDING);
        const { error, lines } = await capturingLogs(() => handler(event("createSecret")));
        expect(error).to.equal(undefined);
        expect(lines.join()).to.include("reusing it");
        expect(aws.secrets.commandCalls(PutSecretValueCommand)).to.have.length(0);
        expect(aws.secrets.commandCalls(GetRandomPasswordCommand)).to.have.length(0);
    });

    it("setSecret: lets the user accept the new and the current password", async () => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, CURRENT, PENDING);
        elasticache.on(ModifyUserCommand).resolves({});
        const { error } = await capturingLogs(() => handler(event("setSecret")));
        expect(error).to.equal(undefined);
        expect(elasticache.commandCalls(ModifyUserCommand).map((c) => c.args[0].input)).to.deep.equal([
            { UserId: "hse-dev-app", AuthenticationMode: { Type: "password", Passwords: [PENDING.password, CURRENT.password] } },
        ]);
    });

    it("setSecret: gives up, without changing the user, if it never becomes active", async () => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, CURRENT, PENDING);
        elasticache.on(DescribeUsersCommand).resolves({ Users: [{ UserId: "hse-dev-app", Status: "modifying" }] });
        const { error } = await capturingLogs(() => handler(event("setSecret")));
        expect(error?.message).to.equal("ElastiCache user hse-dev-app is not active after 3 polls");
        expect(elasticache.commandCalls(ModifyUserCommand)).to.have.length(0);
    });

    it("testSecret: a failure leaves AWSCURRENT where it is", async () => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, CURRENT, { ...PENDING, password: "short" });
        const { error } = await capturingLogs(() => handler(event("testSecret")));
        expect(error?.message).to.match(/the pending value has no valid password/);
        expect(aws.secrets.commandCalls(UpdateSecretVersionStageCommand)).to.have.length(0);
    });

    it("finishSecret: moves AWSCURRENT, then redeploys exactly the configured services", async () => {
        describeSecret(aws.secrets, pendingStages);
        aws.secrets.on(UpdateSecretVersionStageCommand).resolves({});
        aws.ecs.on(UpdateServiceCommand).resolves({});
        const { error } = await capturingLogs(() => handler(event("finishSecret")));
        expect(error).to.equal(undefined);
        expect(aws.secrets.commandCalls(UpdateSecretVersionStageCommand).map((c) => c.args[0].input)).to.deep.equal([
            { SecretId: SECRET_ID, VersionStage: "AWSCURRENT", MoveToVersionId: TOKEN, RemoveFromVersionId: CURRENT_VERSION },
        ]);
        expect(aws.ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).to.deep.equal(SERVICES.map((s) => ({ ...s, forceNewDeployment: true })));
    });

    it("finishSecret run twice: the second, on a closed rotation, does nothing", async () => {
        describeSecret(aws.secrets, { [TOKEN]: ["AWSCURRENT"], [CURRENT_VERSION]: ["AWSPREVIOUS"] });
        const { error } = await capturingLogs(() => handler(event("finishSecret")));
        expect(error).to.equal(undefined);
        expect(aws.secrets.commandCalls(UpdateSecretVersionStageCommand)).to.have.length(0);
        expect(aws.ecs.commandCalls(UpdateServiceCommand)).to.have.length(0);
    });

    // testSecret logs in to a real server: test/functions/elasticache-login.test.ts checks its logs.
    it("never writes a password to a log line, in the steps that call AWS's APIs", async () => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, CURRENT, PENDING);
        elasticache.on(ModifyUserCommand).resolves({});
        aws.secrets.on(UpdateSecretVersionStageCommand).resolves({});
        aws.ecs.on(UpdateServiceCommand).resolves({});
        const all: string[] = [];
        for (const step of ["createSecret", "setSecret", "finishSecret"] as const) {
            const { lines, error } = await capturingLogs(() => handler(event(step)));
            expect(error, step).to.equal(undefined);
            all.push(...lines);
        }
        expect(all.length).to.be.greaterThan(3);
        for (const line of all) {
            for (const password of [CURRENT.password, PENDING.password]) expect(line).to.not.include(password);
            expect(() => JSON.parse(line)).to.not.throw();
        }
    });
});
