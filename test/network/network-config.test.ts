// The network section's rules, read through the same loader `pulumi up` uses, on edits of the
// stack files: what is accepted, and that a problem is reported once, by the right rule.
import { expect } from "chai";
import { loadPlatformConfig } from "../../stacks/config/load";
import { editSection, keyOf, PROJECT, problemsOf, secretKeysOf, stackValues } from "../config/edit";

const net = keyOf("network");
const flowLogsOff = editSection("network", (n) => { n.flowLogs.enabled = false; });

describe("network config", () => {
    it("accepts flow logs switched off in dev", () => {
        const values = stackValues("dev");
        flowLogsOff(values);
        const config = loadPlatformConfig({ project: PROJECT, stack: "dev", values, secretKeys: secretKeysOf(values) });
        expect(config.network.flowLogs.enabled).to.equal(false);
    });

    it("refuses flow logs switched off in production, naming the environment", () => {
        expect(problemsOf("production", flowLogsOff)).to.deep.equal([
            { key: net("flowLogs.enabled"), message: "is false in production; VPC flow logs may only be switched off in dev" },
        ]);
    });

    it("reports a zone written as a list once, as not text, and not also as a zone of another region", () => {
        // String(["us-east-1b"]) looks like a zone name; only the schema may speak of it.
        const problems = problemsOf("dev", editSection("network", (n) => { n.availabilityZones = ["us-east-1a", ["us-east-1b"]]; }));
        expect(problems).to.deep.equal([{ key: net("availabilityZones[1]"), message: 'must be text (got ["us-east-1b"])' }]);
    });
});
