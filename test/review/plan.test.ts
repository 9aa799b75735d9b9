import { expect } from "chai";
import { execFileSync } from "child_process";
import * as path from "path";
import { runPlan } from "../../review/plan";
import { REPO_ROOT } from "../harness/stack-file";

function countLine(text: string, type: string): number | undefined {
    const line = text.split("\n").find((l) => l.trim().endsWith(`  ${type}`));
    return line === undefined ? undefined : Number(line.trim().split(/\s+/)[0]);
}

describe("offline plan", () => {
    it("lists production's network with two NAT gateways and dev's with one", async () => {
        const production = await runPlan("production");
        const dev = await runPlan("dev");
        expect([production.exitCode, dev.exitCode]).to.deep.equal([0, 0]);
        expect(countLine(production.text, "aws:ec2/natGateway:NatGateway")).to.equal(2);
        expect(countLine(dev.text, "aws:ec2/natGateway:NatGateway")).to.equal(1);
        expect(countLine(dev.text, "aws:ec2/subnet:Subnet")).to.equal(6);
        expect(countLine(dev.text, "aws:ec2/vpcEndpoint:VpcEndpoint")).to.equal(1);
        expect(countLine(production.text, "aws:ec2/vpcEndpoint:VpcEndpoint")).to.equal(6);
    });

    it("groups each resource under its component", async () => {
        const lines = (await runPlan("dev")).text.split("\n");
        const network = lines.findIndex((l) => /hse:network:Network\s+hse-dev-network$/.test(l));
        const vpc = lines.findIndex((l) => /aws:ec2\/vpc:Vpc\s+hse-dev-vpc$/.test(l));
        const nextComponent = lines.findIndex((l, i) => i > network && /^├─ hse:network:/.test(l));
        expect(network).to.be.greaterThan(0);
        expect(vpc).to.be.greaterThan(network).and.lessThan(nextComponent);
        expect(lines[vpc]).to.match(/^│ {2}[├└]─ /);
    });

    it("prints the same plan twice for the same config", async () => {
        expect((await runPlan("staging")).text).to.equal((await runPlan("staging")).text);
    });

    it("prints every config problem and exits non-zero on invalid config", async () => {
        const result = await runPlan("dev", {
            editConfig: (values) => {
                values["hse-platform:environment"] = "qa";
                values["hse-platform:owner"] = "";
            },
        });
        expect(result.exitCode).to.equal(1);
        expect(result.text).to.include("hse-platform:environment").and.include("hse-platform:owner");
        expect(result.text).to.not.include("aws:ec2");
    });

    it("runs from the command line, and refuses a stack that has no file", () => {
        const cli = path.join(REPO_ROOT, "review", "plan.ts");
        const tsx = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
        const output = execFileSync(tsx, [cli, "production"], { cwd: REPO_ROOT, encoding: "utf8" });
        expect(countLine(output, "aws:ec2/natGateway:NatGateway")).to.equal(2);
        let status: number | null = null;
        try {
            execFileSync(tsx, [cli, "qa"], { cwd: REPO_ROOT, encoding: "utf8", stdio: "pipe" });
        } catch (error) {
            status = (error as { status: number | null }).status;
        }
        expect(status).to.equal(2);
    });
});
