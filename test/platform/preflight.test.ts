// Checks against the account, after the provider and before anything else is declared.
import { expect } from "chai";
import { buildStack, DeclaredResource } from "../../offline/build";
import { ConfigValidationError } from "../../stacks/config/errors";
import { PROJECT } from "../config/edit";

async function failureOf(stack: string, options: Parameters<typeof buildStack>[1]) {
    const declared: DeclaredResource[] = [];
    const failure = await buildStack(stack, { ...options, record: declared }).then(
        () => undefined,
        (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(ConfigValidationError);
    return { problems: (failure as ConfigValidationError).problems, declared: declared.map((r) => r.type) };
}

describe("account preflight", () => {
    it("refuses a zone the account does not offer, before the network is declared", async () => {
        const { problems, declared } = await failureOf("dev", { availableZones: ["us-east-1a", "us-east-1c"] });
        expect(problems.map((p) => p.key)).to.deep.equal([`${PROJECT}:network.availabilityZones[1]`]);
        expect(problems[0].message).to.include("us-east-1b is not an available zone of us-east-1 in this account; available: us-east-1a, us-east-1c");
        expect(declared).to.deep.equal(["pulumi:pulumi:Stack", "pulumi:providers:aws"]);
    });

    it("refuses credentials of another account than the stack names, before anything else", async () => {
        const { problems, declared } = await failureOf("production", { callerAccountId: "999999999999" });
        expect(problems).to.deep.equal([
            { key: `${PROJECT}:accountId`, message: "is 777788889999 but the AWS credentials belong to account 999999999999; select the profile of production's account (AWS_PROFILE), or fix accountId" },
        ]);
        expect(declared).to.deep.equal(["pulumi:pulumi:Stack", "pulumi:providers:aws"]);
    });

    it("reports a wrong account and an unavailable zone together", async () => {
        const { problems } = await failureOf("staging", { callerAccountId: "999999999999", availableZones: ["us-east-1b"] });
        expect(problems.map((p) => p.key)).to.deep.equal([`${PROJECT}:accountId`, `${PROJECT}:network.availabilityZones[0]`]);
    });

    it("lets a dev stack without an account deploy with any credentials", async () => {
        const built = await buildStack("dev", { editConfig: (v) => delete v[`${PROJECT}:accountId`], callerAccountId: "999999999999" });
        expect(built.one("pulumi:providers:aws").inputs.allowedAccountIds).to.equal(undefined);
        expect(built.ofType("aws:ec2/vpc:Vpc")).to.have.length(1);
    });
});
