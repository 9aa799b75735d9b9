// The JWT value checks against values that are not text but print as valid text (a list holding
// one lifetime or one secret reads as that text to a regular expression), and the behaviour's
// messages: which variable is wrong, and every problem of a pending value at once.
import { expect } from "chai";
import { jwtBehaviour } from "../../functions/rotation/jwt";
import { isSigningSecret, problemsOfRotatedValue, SIGNING_SECRET_LENGTH } from "../../functions/rotation/jwt-value";

const SECRET = "a".repeat(SIGNING_SECRET_LENGTH);
const NEW_SECRET = "b".repeat(SIGNING_SECRET_LENGTH);
const context = { log: () => undefined };

/** The error a step ends with, whether it throws or rejects. */
async function failureOf(step: () => Promise<unknown>): Promise<string | undefined> {
    try {
        await step();
        return undefined;
    } catch (e) {
        return (e as Error).message;
    }
}

describe("JWT values that only look like text", () => {
    it("refuse a list holding a valid secret as the signing secret", () => {
        expect(isSigningSecret([SECRET])).to.equal(false);
        expect(isSigningSecret(SECRET)).to.equal(true);
    });

    it("refuse a list holding a valid lifetime in a pending value", () => {
        const pending = { secret: NEW_SECRET, previous: SECRET, expiresIn: ["15m"], refreshExpiresIn: "7d" };
        expect(problemsOfRotatedValue(pending, { secret: SECRET })).to.deep.equal(["expiresIn is not a lifetime such as 15m or 7d"]);
    });

    it("createSecret refuses a current lifetime that is a list, naming JWT_EXPIRES_IN", async () => {
        const behaviour = jwtBehaviour({}, () => NEW_SECRET);
        const message = await failureOf(() => behaviour.create({ secret: SECRET, expiresIn: ["15m"], refreshExpiresIn: "7d" }, context as never));
        expect(message).to.equal("JWT_EXPIRES_IN is not a lifetime such as 15m or 7d");
    });

    it("createSecret takes the configured access lifetime over the current one", async () => {
        const behaviour = jwtBehaviour({ expiresIn: "30m" }, () => NEW_SECRET);
        const created = await behaviour.create({ secret: SECRET, expiresIn: "15m", refreshExpiresIn: "7d" }, context as never);
        expect(created).to.deep.equal({ secret: NEW_SECRET, previous: SECRET, expiresIn: "30m", refreshExpiresIn: "7d" });
    });
});

describe("testSecret on a pending value with several problems", () => {
    it("names them all, separated by semicolons", async () => {
        const behaviour = jwtBehaviour({});
        const pending = { secret: SECRET, previous: NEW_SECRET, expiresIn: "15m", refreshExpiresIn: "a week" };
        const message = await failureOf(() => behaviour.test(pending, { secret: SECRET }, context as never));
        expect(message).to.equal(
            "the pending value is not usable: secret did not change; previous is not the secret it replaces; refreshExpiresIn is not a lifetime such as 15m or 7d",
        );
    });
});
