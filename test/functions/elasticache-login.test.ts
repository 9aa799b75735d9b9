// The ElastiCache rotation's test step against a real redis-server (Debian's, version 7) with
// ACL users as ElastiCache's RBAC has them: it logs in with the pending password over TLS and
// PINGs, so a pending password the cache does not accept never becomes AWSCURRENT.
import { DescribeUsersCommand, ElastiCacheClient } from "@aws-sdk/client-elasticache";
import { UpdateSecretVersionStageCommand } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { loginAndPing, respCommand } from "../../functions/rotation/cache-login";
import { elastiCacheUserBehaviour } from "../../functions/rotation/elasticache-user";
import { RotationEvent, rotationHandler } from "../../functions/rotation/protocol";
import { startRedis, TestRedis } from "../support/redis-server";
import { capturingLogs, describe as describeSecret, mockedClients, PENDING_STAGES, rotationEvent as event, values } from "./rotation-support";

const CURRENT_PASSWORD = "Current-Password-0123456789ab";
const PENDING_PASSWORD = "Pending-Password-9876543210zy";
const ACCESS = "~events:* ~device:* ~session:* +@all -@dangerous";

describe("ElastiCache rotation's test step against a real redis-server", function () {
    let redis: TestRedis;
    let aws: ReturnType<typeof mockedClients>;
    let elasticache: ReturnType<typeof mockClient>;

    before(async () => {
        // After setSecret the user holds both passwords, as ElastiCache's does; `stale` holds only the old one.
        redis = await startRedis([
            { name: "hse-app", passwords: [PENDING_PASSWORD, CURRENT_PASSWORD], rules: ACCESS },
            { name: "stale", passwords: [CURRENT_PASSWORD], rules: ACCESS },
            { name: "no-ping", passwords: [PENDING_PASSWORD], rules: "~events:* +get" },
        ]);
    });
    after(async () => redis?.stop());

    beforeEach(() => {
        aws = mockedClients();
        elasticache = mockClient(ElastiCacheClient);
    });
    afterEach(() => {
        aws.secrets.restore();
        aws.ecs.restore();
        elasticache.restore();
    });

    const secretValue = (overrides: object = {}) => ({ host: "localhost", port: redis.tlsPort, username: "hse-app", password: CURRENT_PASSWORD, tls: true, clusterMode: false, ...overrides });
    const runTest = async (pending: object, login: { ca?: string } = { ca: redis.ca }) => {
        describeSecret(aws.secrets, PENDING_STAGES);
        values(aws.secrets, secretValue(), pending);
        const behaviour = elastiCacheUserBehaviour({ elasticache: new ElastiCacheClient({ region: "us-east-1" }), userId: "hse-dev-app", login: { ...login, timeoutMs: 2000 } });
        const handler: (e: RotationEvent) => Promise<void> = rotationHandler(behaviour, { clients: aws.clients, redeployServices: [] });
        return capturingLogs(() => handler(event("testSecret")));
    };

    it("logs in with the pending password over TLS, verifying the server, and PINGs; logs no password", async () => {
        const { error, lines } = await runTest(secretValue({ password: PENDING_PASSWORD }));
        expect(error).to.equal(undefined);
        expect(lines.some((l) => l.includes("the pending password logs in and the cache answers PING"))).to.equal(true);
        expect(lines.join("\n")).to.not.include(PENDING_PASSWORD);
        expect(lines.join("\n")).to.not.include(CURRENT_PASSWORD);
        // The step asks the cache, not ElastiCache's API.
        expect(elasticache.commandCalls(DescribeUsersCommand)).to.have.length(0);
        expect(aws.secrets.commandCalls(UpdateSecretVersionStageCommand)).to.have.length(0);
    });

    it("fails when the cache does not accept the pending password, naming the error and not the password", async () => {
        const { error } = await runTest(secretValue({ username: "stale", password: PENDING_PASSWORD }));
        expect(error?.message).to.equal("AUTH as stale was refused: WRONGPASS");
        const wrong = await runTest(secretValue({ password: "Another-Password-000000000000" }));
        expect(wrong.error?.message).to.equal("AUTH as hse-app was refused: WRONGPASS");
        expect(aws.secrets.commandCalls(UpdateSecretVersionStageCommand)).to.have.length(0);
    });

    it("fails when the user may log in but not PING", async () => {
        const { error } = await runTest(secretValue({ username: "no-ping", password: PENDING_PASSWORD }));
        expect(error?.message).to.equal("PING as no-ping was refused: NOPERM");
    });

    it("refuses a server whose certificate it cannot verify (here: one Node's bundle does not trust)", async () => {
        const { error } = await runTest(secretValue({ password: PENDING_PASSWORD }), {});
        expect(error?.message).to.match(new RegExp(`^cannot reach localhost:${redis.tlsPort} over TLS: (SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$`));
    });

    it("does not fall back to plain TCP: a secret that says tls reaches no plain port", async () => {
        const { error } = await runTest(secretValue({ password: PENDING_PASSWORD, port: redis.plainPort }));
        expect(error?.message).to.match(/^(cannot reach localhost:\d+ over TLS: |no answer from)/);
    });

    it("logs in over plain TCP only when the secret says tls is false (same ACL)", async () => {
        await loginAndPing({ host: "127.0.0.1", port: redis.plainPort, tls: false, username: "hse-app", password: PENDING_PASSWORD });
        const refused = await loginAndPing({ host: "127.0.0.1", port: redis.plainPort, tls: false, username: "hse-app", password: "nope-nope-nope-nope" }).then(() => undefined, (e: Error) => e.message);
        expect(refused).to.equal("AUTH as hse-app was refused: WRONGPASS");
    });

    it("refuses a pending value without a host, username or valid port before connecting", async () => {
        expect((await runTest(secretValue({ password: PENDING_PASSWORD, host: "" }))).error?.message).to.equal("the pending value has no host or username");
        expect((await runTest(secretValue({ password: PENDING_PASSWORD, port: 70000 }))).error?.message).to.equal("the pending value has no valid port");
    });

    it("writes RESP requests as arrays of bulk strings with byte lengths", () => {
        expect(respCommand("AUTH", "hse-app", "pässword").toString("utf8")).to.equal("*3\r\n$4\r\nAUTH\r\n$7\r\nhse-app\r\n$9\r\npässword\r\n");
    });
});
