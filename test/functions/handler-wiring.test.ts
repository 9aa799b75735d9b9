// The exported `handler` of each rotation function, as Lambda loads it: the module reads its
// settings from the environment the component sets (lifetimes, user id, services to redeploy)
// when it is loaded, so each test loads a fresh copy under a given environment. The AWS clients
// the module makes are mocked by aws-sdk-client-mock, which replaces every instance's `send`.
import { DescribeUsersCommand, ElastiCacheClient, ModifyUserCommand } from "@aws-sdk/client-elasticache";
import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { PutSecretValueCommand, UpdateSecretVersionStageCommand } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { SIGNING_SECRET_LENGTH } from "../../functions/rotation/jwt-value";
import { RotationEvent } from "../../functions/rotation/protocol";
import { capturingLogs, describe as describeSecret, mockedClients, PENDING_STAGES as pendingStages, rotationEvent as event, values } from "./rotation-support";

type Handler = (event: RotationEvent) => Promise<void>;

/** A fresh copy of a function module loaded under `environment` (unset again afterwards). */
function handlerUnder(module: string, environment: Record<string, string>): Handler {
    const resolved = require.resolve(module);
    const saved = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
    Object.assign(process.env, environment);
    try {
        delete require.cache[resolved];
        // A fresh copy needs the CommonJS module cache, which only require() reads.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require(resolved) as { handler: Handler }).handler;
    } finally {
        for (const [name, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
    }
}

const SERVICES = [{ cluster: "hse-dev", service: "hse-dev-monolith" }, { cluster: "hse-dev", service: "hse-dev-devices" }];

describe("rotation handlers as Lambda loads them", () => {
    let aws: ReturnType<typeof mockedClients>;
    beforeEach(() => (aws = mockedClients()));
    afterEach(() => {
        aws.secrets.restore();
        aws.ecs.restore();
    });

    describe("JWT", () => {
        const JWT_MODULE = "../../functions/rotation/jwt";
        const CURRENT = { secret: "a".repeat(SIGNING_SECRET_LENGTH), previous: "z".repeat(SIGNING_SECRET_LENGTH), expiresIn: "15m", refreshExpiresIn: "7d" };

        it("createSecret takes the lifetimes from JWT_EXPIRES_IN and JWT_REFRESH_EXPIRES_IN", async () => {
            const handler = handlerUnder(JWT_MODULE, { JWT_EXPIRES_IN: "20m", JWT_REFRESH_EXPIRES_IN: "10d", REDEPLOY_SERVICES: "[]" });
            describeSecret(aws.secrets, pendingStages);
            values(aws.secrets, CURRENT);
            aws.secrets.on(PutSecretValueCommand).resolves({});
            const { error } = await capturingLogs(() => handler(event("createSecret")));
            expect(error).to.equal(undefined);
            const pending = JSON.parse(aws.secrets.commandCalls(PutSecretValueCommand)[0].args[0].input.SecretString!);
            expect(pending).to.deep.include({ previous: CURRENT.secret, expiresIn: "20m", refreshExpiresIn: "10d" });
            expect(pending.secret).to.be.a("string").with.length(SIGNING_SECRET_LENGTH).and.not.equal(CURRENT.secret);
        });

        it("createSecret keeps the current lifetimes where those variables are empty", async () => {
            const handler = handlerUnder(JWT_MODULE, { JWT_EXPIRES_IN: "", JWT_REFRESH_EXPIRES_IN: "", REDEPLOY_SERVICES: "" });
            describeSecret(aws.secrets, pendingStages);
            values(aws.secrets, { ...CURRENT, expiresIn: "1h", refreshExpiresIn: "3d" });
            aws.secrets.on(PutSecretValueCommand).resolves({});
            await capturingLogs(() => handler(event("createSecret")));
            const pending = JSON.parse(aws.secrets.commandCalls(PutSecretValueCommand)[0].args[0].input.SecretString!);
            expect(pending).to.deep.include({ expiresIn: "1h", refreshExpiresIn: "3d" });
        });

        it("finishSecret redeploys the services REDEPLOY_SERVICES names", async () => {
            const handler = handlerUnder(JWT_MODULE, { JWT_EXPIRES_IN: "15m", JWT_REFRESH_EXPIRES_IN: "7d", REDEPLOY_SERVICES: JSON.stringify(SERVICES) });
            describeSecret(aws.secrets, pendingStages);
            aws.secrets.on(UpdateSecretVersionStageCommand).resolves({});
            aws.ecs.on(UpdateServiceCommand).resolves({});
            const { error } = await capturingLogs(() => handler(event("finishSecret")));
            expect(error).to.equal(undefined);
            expect(aws.ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).to.deep.equal(
                SERVICES.map(({ cluster, service }) => ({ cluster, service, forceNewDeployment: true })),
            );
        });
    });

    describe("ElastiCache user", () => {
        const CACHE_MODULE = "../../functions/rotation/elasticache-user";
        let elasticache: ReturnType<typeof mockClient>;
        beforeEach(() => (elasticache = mockClient(ElastiCacheClient)));
        afterEach(() => elasticache.restore());

        it("setSecret asks ElastiCache about, and changes, the user ELASTICACHE_USER_ID names", async () => {
            const handler = handlerUnder(CACHE_MODULE, { ELASTICACHE_USER_ID: "hse-dev-app", REDEPLOY_SERVICES: "[]" });
            describeSecret(aws.secrets, pendingStages);
            values(aws.secrets, { username: "app", password: "c".repeat(32) }, { username: "app", password: "p".repeat(32) });
            elasticache.on(DescribeUsersCommand).resolves({ Users: [{ Status: "active", Authentication: { Type: "password", PasswordCount: 2 } }] });
            elasticache.on(ModifyUserCommand).resolves({});
            const { error } = await capturingLogs(() => handler(event("setSecret")));
            expect(error).to.equal(undefined);
            expect(elasticache.commandCalls(DescribeUsersCommand).map((c) => c.args[0].input)).to.deep.equal([{ UserId: "hse-dev-app" }, { UserId: "hse-dev-app" }]);
            expect(elasticache.commandCalls(ModifyUserCommand).map((c) => c.args[0].input.UserId)).to.deep.equal(["hse-dev-app"]);
        });

        it("finishSecret redeploys the services REDEPLOY_SERVICES names", async () => {
            const handler = handlerUnder(CACHE_MODULE, { ELASTICACHE_USER_ID: "hse-dev-app", REDEPLOY_SERVICES: JSON.stringify(SERVICES.slice(1)) });
            describeSecret(aws.secrets, pendingStages);
            aws.secrets.on(UpdateSecretVersionStageCommand).resolves({});
            aws.ecs.on(UpdateServiceCommand).resolves({});
            await capturingLogs(() => handler(event("finishSecret")));
            expect(aws.ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).to.deep.equal([
                { cluster: "hse-dev", service: "hse-dev-devices", forceNewDeployment: true },
            ]);
        });
    });
});
