// What the preflight asks the account, and how a refused config reads as a whole.
import { expect } from "chai";
import { buildStack } from "../../offline/build";
import { INVOKES } from "../../offline/invokes";
import { ConfigValidationError } from "../../stacks/config/errors";
import { PROJECT } from "../config/edit";

describe("account preflight inputs", () => {
    it("asks only for zones in state available (an impaired or opt-in zone is no place for a subnet)", async () => {
        const token = "aws:index/getAvailabilityZones:getAvailabilityZones";
        const asked: Record<string, unknown>[] = [];
        await buildStack("production", {
            mocks: { invokes: { [token]: (inputs, account) => { asked.push(inputs); return INVOKES[token](inputs, account); } } },
        });
        expect(asked).to.deep.equal([{ state: "available" }]);
    });
});

describe("a refused config as one error", () => {
    it("counts its problems in the first line, one per line after it, with the key named", () => {
        const one = new ConfigValidationError("dev", [{ key: `${PROJECT}:region`, message: "must be an AWS region name such as us-east-1" }]);
        expect(one.message).to.equal(`Invalid configuration for stack "dev" (1 problem); nothing was deployed:\n  - ${PROJECT}:region: must be an AWS region name such as us-east-1`);
        expect(one.name).to.equal("ConfigValidationError");
        const two = new ConfigValidationError("production", [
            { key: "a", message: "x" },
            { key: "b", message: "y" },
        ]);
        expect(two.message.split("\n")).to.deep.equal(['Invalid configuration for stack "production" (2 problems); nothing was deployed:', "  - a: x", "  - b: y"]);
    });
});
