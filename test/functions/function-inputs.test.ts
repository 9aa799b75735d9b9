// Inputs our functions refuse and constants AWS's rules fix: the redeploy's event input, the error
// type the redeploy's config problems carry, and the characters an ElastiCache password must not hold.
import { ECSClient } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { redeployHandler } from "../../functions/redeploy/handler";
import { EXCLUDED_CHARACTERS } from "../../functions/rotation/elasticache-user";
import { parseServices } from "../../functions/shared/redeploy";
import { capturingLogs } from "./rotation-support";

describe("the redeploy function's input", () => {
    let ecs: ReturnType<typeof mockClient>;
    beforeEach(() => (ecs = mockClient(ECSClient)));
    afterEach(() => ecs.restore());

    it("is refused when missing altogether or when the secret's name is not text, before any ECS call", async () => {
        const handler = redeployHandler(new ECSClient({ region: "us-east-1" }));
        for (const input of [undefined, null, { secret: 42, services: [] }]) {
            const { error } = await capturingLogs(() => handler(input as never));
            expect(error?.name, JSON.stringify(input)).to.equal("RedeployConfigError");
            expect(error?.message, JSON.stringify(input)).to.equal("the event input must name the secret");
        }
        expect(ecs.calls()).to.have.length(0);
    });

    it("names its config problems as RedeployConfigError, so they read apart from AWS errors in the logs", () => {
        let caught: Error | undefined;
        try {
            parseServices("[1]");
        } catch (e) {
            caught = e as Error;
        }
        expect(caught?.name).to.equal("RedeployConfigError");
    });
});

describe("ElastiCache passwords made by our rotation", () => {
    it("leave out @, \" and / (ElastiCache AUTH refuses them) and the quotes and backslash that break shell and URL use", () => {
        expect([...EXCLUDED_CHARACTERS].sort()).to.deep.equal(["\"", "'", "/", "@", "\\"].sort());
    });
});
