// Our JWT signing-secret rotation on the shared protocol, against mocked AWS APIs: the checks
// Secrets Manager documents, the exact calls of each step, idempotency, `previous` carried over,
// the redeploy of exactly the configured services, and logs without values.
import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand } from "@aws-sdk/client-secrets-manager";
import { expect } from "chai";
import { SIGNING_SECRET_LENGTH, lifetimeSeconds, problemsOfRotatedValue } from "../../functions/rotation/jwt-value";
import { jwtBehaviour, newSigningSecret } from "../../functions/rotation/jwt";
import { RotationEvent, rotationHandler } from "../../functions/rotation/protocol";
import { capturingLogs, CURRENT_VERSION, describe as describeSecret, mockedClients, PENDING_STAGES as pendingStages, rotationEvent as event, SECRET_ID, TOKEN, values } from "./rotation-support";

const secretOf = (c: string) => c.repeat(SIGNING_SECRET_LENGTH);
const CURRENT = { secret: secretOf("a"), previous: secretOf("z"), expiresIn: "15m", refreshExpiresIn: "7d" };
const NEW_SECRET = secretOf("b");
const PENDING = { secret: NEW_SECRET, previous: CURRENT.secret, expiresIn: "15m", refreshExpiresIn: "7d" };
const SERVICES = [{ cluster: "hse-dev", service: "hse-dev-monolith" }];
const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;

describe("JWT signing-secret rotation", () => {
    let aws: ReturnType<typeof mockedClients>;
    const handlerWith = (lifetimes = { expiresIn: "15m", refreshExpiresIn: "7d" }) =>
        rotationHandler(jwtBehaviour(lifetimes, () => NEW_SECRET), { clients: aws.clients, redeployServices: SERVICES });

    beforeEach(() => (aws = mockedClients()));
    afterEach(() => {
        aws.secrets.restore();
        aws.ecs.restore();
    });

    it("refuses to run when rotation is not enabled on the secret", async () => {
        describeSecret(aws.secrets, pendingStages, false);
        const { error } = await capturingLogs(() => handlerWith()(event("createSecret")));
        expect(error?.message).to.equal("rotation is not enabled on the secret");
        expect(aws.secrets.calls().map((c) => c.args[0].constructor.name)).to.deep.equal(["DescribeSecretCommand"]);
    });

    it("refuses a token that is not a version of the secret", async () => {
        describeSecret(aws.secrets, { [CURRENT_VERSION]: ["AWSCURRENT"] });
        const { error } = await capturingLogs(() => handlerWith()(event("createSecret")));
        expect(error?.message).to.equal("the token is not a version of the secret");
        expect(aws.secrets.commandCalls(PutSecretValueCommand)).to.have.length(0);
    });

    it("does nothing at all when the token is already AWSCURRENT", async () => {
        describeSecret(aws.secrets, { [TOKEN]: ["AWSCURRENT"], [CURRENT_VERSION]: ["AWSPREVIOUS"] });
        for (const step of STEPS) {
            const { error, lines } = await capturingLogs(() => handlerWith()(event(step)));
            expect(error).to.equal(undefined);
            expect(lines.join()).to.include("already AWSCURRENT; nothing to do");
        }
        expect(aws.secrets.calls().map((c) => c.args[0].constructor.name)).to.deep.equal(Array(4).fill("DescribeSecretCommand"));
        expect(aws.ecs.calls()).to.have.length(0);
    });

    it("createSecret: a new secret, the current one as previous, the configured lifetimes, staged AWSPENDING", async () => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, { ...CURRENT, expiresIn: "1h" });
        aws.secrets.on(PutSecretValueCommand).resolves({});
        const { error } = await capturingLogs(() => handlerWith({ expiresIn: "30m", refreshExpiresIn: "14d" })(event("createSecret")));
        expect(error).to.equal(undefined);
        expect(aws.secrets.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).to.deep.equal([
            { SecretId: SECRET_ID, VersionStage: "AWSCURRENT" },
            { SecretId: SECRET_ID, VersionStage: "AWSPENDING", VersionId: TOKEN },
        ]);
        expect(aws.secrets.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input)).to.deep.equal([
            { SecretId: SECRET_ID, ClientRequestToken: TOKEN, SecretString: JSON.stringify({ secret: NEW_SECRET, previous: CURRENT.secret, expiresIn: "30m", refreshExpiresIn: "14d" }), VersionStages: ["AWSPENDING"] },
        ]);
    });

    it("createSecret: without configured lifetimes keeps the current ones; refuses current ones that do not parse", async () => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, CURRENT);
        aws.secrets.on(PutSecretValueCommand).resolves({});
        await capturingLogs(() => rotationHandler(jwtBehaviour({}, () => NEW_SECRET), { clients: aws.clients, redeployServices: [] })(event("createSecret")));
        expect(JSON.parse(aws.secrets.commandCalls(PutSecretValueCommand)[0].args[0].input.SecretString!)).to.deep.equal(PENDING);

        aws.secrets.reset();
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, { ...CURRENT, refreshExpiresIn: "a week" });
        const { error } = await capturingLogs(() => rotationHandler(jwtBehaviour({}, () => NEW_SECRET), { clients: aws.clients, redeployServices: [] })(event("createSecret")));
        expect(error?.message).to.equal("JWT_REFRESH_EXPIRES_IN is not a lifetime such as 15m or 7d");
        expect(aws.secrets.commandCalls(PutSecretValueCommand)).to.have.length(0);
    });

    it("createSecret: reuses an AWSPENDING value a failed run left", async () => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, CURRENT, PENDING);
        const { error, lines } = await capturingLogs(() => handlerWith()(event("createSecret")));
        expect(error).to.equal(undefined);
        expect(lines.join()).to.include("reusing it");
        expect(aws.secrets.commandCalls(PutSecretValueCommand)).to.have.length(0);
    });

    it("setSecret: has nothing to set elsewhere and writes nothing", async () => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, CURRENT, PENDING);
        const { error, lines } = await capturingLogs(() => handlerWith()(event("setSecret")));
        expect(error).to.equal(undefined);
        expect(lines.join()).to.include("nothing to set");
        expect(aws.secrets.calls().map((c) => c.args[0].constructor.name)).to.deep.equal(["DescribeSecretCommand", "GetSecretValueCommand", "GetSecretValueCommand"]);
        expect(aws.ecs.calls()).to.have.length(0);
    });

    it("testSecret: passes a well-formed pending value", async () => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, CURRENT, PENDING);
        const { error, lines } = await capturingLogs(() => handlerWith()(event("testSecret")));
        expect(error).to.equal(undefined);
        expect(lines.join()).to.include("well formed");
    });

    for (const [what, pending, says] of [
        ["a short secret", { ...PENDING, secret: "short" }, `secret is not ${SIGNING_SECRET_LENGTH} base64url characters`],
        ["an unchanged secret", { ...PENDING, secret: CURRENT.secret }, "secret did not change"],
        ["a previous that is not the current secret", { ...PENDING, previous: secretOf("q") }, "previous is not the secret it replaces"],
        ["a lifetime that does not parse", { ...PENDING, expiresIn: "15 minutes" }, "expiresIn is not a lifetime such as 15m or 7d"],
    ] as const) {
        it(`testSecret: ${what} fails and AWSCURRENT stays where it is`, async () => {
            describeSecret(aws.secrets, pendingStages);
            values(aws.secrets, CURRENT, pending);
            const { error } = await capturingLogs(() => handlerWith()(event("testSecret")));
            expect(error?.message).to.equal(`the pending value is not usable: ${says}`);
            expect(aws.secrets.commandCalls(UpdateSecretVersionStageCommand)).to.have.length(0);
            expect(aws.ecs.calls()).to.have.length(0);
        });
    }

    it("finishSecret: moves AWSCURRENT, then redeploys exactly the configured services", async () => {
        describeSecret(aws.secrets, pendingStages);
        aws.secrets.on(UpdateSecretVersionStageCommand).resolves({});
        aws.ecs.on(UpdateServiceCommand).resolves({});
        const { error } = await capturingLogs(() => handlerWith()(event("finishSecret")));
        expect(error).to.equal(undefined);
        expect(aws.secrets.commandCalls(UpdateSecretVersionStageCommand).map((c) => c.args[0].input)).to.deep.equal([
            { SecretId: SECRET_ID, VersionStage: "AWSCURRENT", MoveToVersionId: TOKEN, RemoveFromVersionId: CURRENT_VERSION },
        ]);
        expect(aws.ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).to.deep.equal([{ cluster: "hse-dev", service: "hse-dev-monolith", forceNewDeployment: true }]);
    });

    it("finishSecret run twice: the second, on a closed rotation, does nothing", async () => {
        describeSecret(aws.secrets, pendingStages);
        aws.secrets.on(UpdateSecretVersionStageCommand).resolves({});
        aws.ecs.on(UpdateServiceCommand).resolves({});
        expect((await capturingLogs(() => handlerWith()(event("finishSecret")))).error).to.equal(undefined);
        describeSecret(aws.secrets, { [TOKEN]: ["AWSCURRENT"], [CURRENT_VERSION]: ["AWSPREVIOUS"] });
        const { error, lines } = await capturingLogs(() => handlerWith()(event("finishSecret")));
        expect(error).to.equal(undefined);
        expect(lines.join()).to.include("nothing to do");
        expect(aws.secrets.commandCalls(UpdateSecretVersionStageCommand)).to.have.length(1);
        expect(aws.ecs.commandCalls(UpdateServiceCommand)).to.have.length(1);
    });

    it("finishSecret retried after its redeploy failed: redeploys again, stages untouched", async () => {
        describeSecret(aws.secrets, pendingStages);
        aws.secrets.on(UpdateSecretVersionStageCommand).resolves({});
        aws.ecs.on(UpdateServiceCommand).rejectsOnce(new Error("Rate exceeded")).resolves({});
        const first = await capturingLogs(() => handlerWith()(event("finishSecret")));
        expect(first.error?.message).to.equal("Rate exceeded");
        // AWSCURRENT moved; the rotation is not closed, so AWSPENDING is still on the version.
        describeSecret(aws.secrets, { [TOKEN]: ["AWSCURRENT", "AWSPENDING"], [CURRENT_VERSION]: ["AWSPREVIOUS"] });
        const { error, lines } = await capturingLogs(() => handlerWith()(event("finishSecret")));
        expect(error).to.equal(undefined);
        expect(lines.join()).to.include("redeploying the services again, stages untouched");
        expect(aws.secrets.commandCalls(UpdateSecretVersionStageCommand)).to.have.length(1);
        expect(aws.ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).to.deep.equal([
            { cluster: "hse-dev", service: "hse-dev-monolith", forceNewDeployment: true },
            { cluster: "hse-dev", service: "hse-dev-monolith", forceNewDeployment: true },
        ]);
    });

    it("the other steps on a version already AWSCURRENT with AWSPENDING do nothing", async () => {
        describeSecret(aws.secrets, { [TOKEN]: ["AWSCURRENT", "AWSPENDING"], [CURRENT_VERSION]: ["AWSPREVIOUS"] });
        for (const step of STEPS.filter((s) => s !== "finishSecret")) {
            const { error, lines } = await capturingLogs(() => handlerWith()(event(step)));
            expect(error, step).to.equal(undefined);
            expect(lines.join(), step).to.include("nothing to do");
        }
        expect(aws.secrets.calls().map((c) => c.args[0].constructor.name)).to.deep.equal(Array(3).fill("DescribeSecretCommand"));
        expect(aws.ecs.calls()).to.have.length(0);
    });

    it("refuses an unknown step before calling AWS", async () => {
        const { error } = await capturingLogs(() => handlerWith()({ ...event("createSecret"), Step: "rollbackSecret" as RotationEvent["Step"] }));
        expect(error?.message).to.equal("unknown step rollbackSecret");
        expect(aws.secrets.calls()).to.have.length(0);
    });

    it("refuses a stored value that is not JSON without quoting it", async () => {
        describeSecret(aws.secrets, pendingStages);
        aws.secrets.on(GetSecretValueCommand).resolves({ SecretString: "supersecret-plain-text" });
        const { error, lines } = await capturingLogs(() => handlerWith()(event("createSecret")));
        expect(error?.name).to.equal("RotationError");
        expect(error?.message).to.equal("the AWSCURRENT value of the secret is not JSON");
        expect([error?.message, ...lines].join()).to.not.include("supersecret");
        expect(aws.secrets.commandCalls(PutSecretValueCommand)).to.have.length(0);
    });

    it("createSecret: an error other than 'no such version' while looking for AWSPENDING stops the step", async () => {
        describeSecret(aws.secrets, pendingStages);
        aws.secrets.on(GetSecretValueCommand, { VersionStage: "AWSCURRENT" }).resolves({ SecretString: JSON.stringify(CURRENT) });
        aws.secrets.on(GetSecretValueCommand, { VersionStage: "AWSPENDING" }).rejects(new Error("AccessDeniedException"));
        const { error } = await capturingLogs(() => handlerWith()(event("createSecret")));
        expect(error?.message).to.equal("AccessDeniedException");
        expect(aws.secrets.commandCalls(PutSecretValueCommand)).to.have.length(0);
    });

    it("never writes a secret to a log line, in any step", async () => {
        describeSecret(aws.secrets, pendingStages);
        values(aws.secrets, CURRENT, PENDING);
        aws.secrets.on(UpdateSecretVersionStageCommand).resolves({});
        aws.ecs.on(UpdateServiceCommand).resolves({});
        const all: string[] = [];
        for (const step of STEPS) {
            const { lines, error } = await capturingLogs(() => handlerWith()(event(step)));
            expect(error, step).to.equal(undefined);
            all.push(...lines);
        }
        expect(all.length).to.be.greaterThan(4);
        for (const line of all) {
            for (const secret of [CURRENT.secret, CURRENT.previous, NEW_SECRET]) expect(line).to.not.include(secret.slice(0, 16));
            expect(() => JSON.parse(line)).to.not.throw();
        }
    });

    it("makes secrets of 512 random bits, never the same twice", () => {
        const made = Array.from({ length: 50 }, newSigningSecret);
        expect(new Set(made).size).to.equal(50);
        for (const secret of made) expect(secret).to.match(new RegExp(`^[A-Za-z0-9_-]{${SIGNING_SECRET_LENGTH}}$`));
        expect(Buffer.from(made[0], "base64url")).to.have.length(64);
    });

    it("reads lifetimes as the seed writes them", () => {
        expect(["15m", "7d", "30s", "12h", "90d"].map(lifetimeSeconds)).to.deep.equal([900, 604800, 30, 43200, 7776000]);
        for (const bad of ["0m", "15", "m", "15 m", "1w", "-1d", "1.5h", ""]) expect(lifetimeSeconds(bad), bad).to.equal(undefined);
        expect(problemsOfRotatedValue(PENDING, CURRENT)).to.deep.equal([]);
        expect(problemsOfRotatedValue({}, CURRENT)).to.deep.equal([
            `secret is not ${SIGNING_SECRET_LENGTH} base64url characters`,
            "previous is not the secret it replaces",
            "expiresIn is not a lifetime such as 15m or 7d",
            "refreshExpiresIn is not a lifetime such as 15m or 7d",
        ]);
    });
});
