// What a whole JWT rotation tells its log, step by step: one line per thing done, each naming the
// secret, the token and the step, none holding a value. People read these lines when a rotation
// fails; the alarm only says that it did.
import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { DescribeSecretCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand } from "@aws-sdk/client-secrets-manager";
import { expect } from "chai";
import { jwtBehaviour } from "../../functions/rotation/jwt";
import { SIGNING_SECRET_LENGTH } from "../../functions/rotation/jwt-value";
import { RotationEvent, rotationHandler } from "../../functions/rotation/protocol";
import { capturingLogs, CURRENT_VERSION, describe as describeSecret, mockedClients, PENDING_STAGES as pendingStages, SECRET_ID, TOKEN, values } from "./rotation-support";

const CURRENT = { secret: "a".repeat(SIGNING_SECRET_LENGTH), previous: "z".repeat(SIGNING_SECRET_LENGTH), expiresIn: "15m", refreshExpiresIn: "7d" };
const PENDING = { secret: "b".repeat(SIGNING_SECRET_LENGTH), previous: CURRENT.secret, expiresIn: "15m", refreshExpiresIn: "7d" };
const SERVICE = { cluster: "hse-dev", service: "hse-dev-monolith" };

describe("the log of a JWT rotation", () => {
    let aws: ReturnType<typeof mockedClients>;
    beforeEach(() => (aws = mockedClients()));
    afterEach(() => {
        aws.secrets.restore();
        aws.ecs.restore();
    });

    const run = async (step: RotationEvent["Step"], stages: Record<string, string[]>, pending?: object) => {
        aws.secrets.reset();
        describeSecret(aws.secrets, stages);
        values(aws.secrets, CURRENT, pending);
        aws.secrets.on(PutSecretValueCommand).resolves({});
        aws.secrets.on(UpdateSecretVersionStageCommand).resolves({});
        aws.ecs.on(UpdateServiceCommand).resolves({});
        const handler = rotationHandler(jwtBehaviour({}, () => PENDING.secret), { clients: aws.clients, redeployServices: [SERVICE] });
        const { lines, error } = await capturingLogs(() => handler({ SecretId: SECRET_ID, ClientRequestToken: TOKEN, Step: step }));
        expect(error).to.equal(undefined);
        expect(aws.secrets.commandCalls(DescribeSecretCommand).map((c) => c.args[0].input)).to.deep.equal([{ SecretId: SECRET_ID }]);
        return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    };
    const base = (step: string) => ({ kind: "jwt", secretId: SECRET_ID, token: TOKEN, step });

    it("says what each step did, in order, with names and version ids only", async () => {
        expect(await run("createSecret", pendingStages)).to.deep.equal([{ ...base("createSecret"), message: "created the AWSPENDING value" }]);
        expect(await run("setSecret", pendingStages, PENDING)).to.deep.equal([{ ...base("setSecret"), message: "nothing to set: the secret is only kept in Secrets Manager" }]);
        expect(await run("testSecret", pendingStages, PENDING)).to.deep.equal([
            { ...base("testSecret"), message: "the pending value is well formed" },
            { ...base("testSecret"), message: "the pending value passed its test" },
        ]);
        expect(await run("finishSecret", pendingStages)).to.deep.equal([
            { ...base("finishSecret"), message: "moved AWSCURRENT to the new version", previousVersion: CURRENT_VERSION },
            { ...base("finishSecret"), message: "started a new deployment so tasks load the new value", ...SERVICE },
        ]);
    });

    it("says 'none' for the previous version when no version was AWSCURRENT", async () => {
        const lines = await run("finishSecret", { [TOKEN]: ["AWSPENDING"] });
        expect(lines[0]).to.deep.equal({ ...base("finishSecret"), message: "moved AWSCURRENT to the new version", previousVersion: "none" });
        expect(aws.secrets.commandCalls(UpdateSecretVersionStageCommand)[0].args[0].input.RemoveFromVersionId).to.equal(undefined);
    });
});
