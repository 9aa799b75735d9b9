// The shape checks of rotated values: lifetimes, signing secrets, and stored values that are not
// JSON objects.
import { expect } from "chai";
import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { isSigningSecret, lifetimeSeconds, problemsOfRotatedValue, SIGNING_SECRET_LENGTH } from "../../functions/rotation/jwt-value";
import { jwtBehaviour } from "../../functions/rotation/jwt";
import { RotationEvent, rotationHandler } from "../../functions/rotation/protocol";
import { capturingLogs, CURRENT_VERSION, describe as describeSecret, mockedClients, SECRET_ID, TOKEN } from "./rotation-support";

describe("rotated JWT values", () => {
    it("read lifetimes only as a whole number and one unit, nothing before or after", () => {
        expect([lifetimeSeconds("15m"), lifetimeSeconds("7d"), lifetimeSeconds("2h"), lifetimeSeconds("90s")]).to.deep.equal([900, 604800, 7200, 90]);
        for (const text of ["15mx", "x15m", "15", "m", "0m", "015m", "1.5h", "15 m", ""]) expect(lifetimeSeconds(text), text).to.equal(undefined);
    });

    it("take as a signing secret only a text of exactly the length, in base64url", () => {
        expect(isSigningSecret("a".repeat(SIGNING_SECRET_LENGTH))).to.equal(true);
        for (const value of ["a".repeat(SIGNING_SECRET_LENGTH - 1), "a".repeat(SIGNING_SECRET_LENGTH + 1), "+".repeat(SIGNING_SECRET_LENGTH), 42, undefined]) {
            expect(isSigningSecret(value), String(value)).to.equal(false);
        }
    });

    it("name every lifetime that is missing or not text", () => {
        const current = { secret: "a".repeat(SIGNING_SECRET_LENGTH) };
        const pending = { secret: "b".repeat(SIGNING_SECRET_LENGTH), previous: current.secret, expiresIn: 900, refreshExpiresIn: undefined };
        expect(problemsOfRotatedValue(pending, current)).to.deep.equal(["expiresIn is not a lifetime such as 15m or 7d", "refreshExpiresIn is not a lifetime such as 15m or 7d"]);
    });
});

describe("stored values that are not JSON objects", () => {
    let aws: ReturnType<typeof mockedClients>;
    beforeEach(() => (aws = mockedClients()));
    afterEach(() => {
        aws.secrets.restore();
        aws.ecs.restore();
    });

    for (const [what, stored] of [["null", "null"], ["a number", "42"], ["a string", '"text"'], ["a list", "[1,2]"], ["no value at all", undefined]] as const) {
        it(`refuse ${what} as the current value`, async () => {
            describeSecret(aws.secrets, { [CURRENT_VERSION]: ["AWSCURRENT"], [TOKEN]: ["AWSPENDING"] });
            aws.secrets.on(GetSecretValueCommand).resolves({ SecretString: stored });
            const event: RotationEvent = { SecretId: SECRET_ID, ClientRequestToken: TOKEN, Step: "createSecret" };
            const { error } = await capturingLogs(() => rotationHandler(jwtBehaviour({}, () => "n".repeat(SIGNING_SECRET_LENGTH)), { clients: aws.clients, redeployServices: [] })(event));
            expect(error?.message).to.equal("the AWSCURRENT value of the secret is not a JSON object");
        });
    }
});
