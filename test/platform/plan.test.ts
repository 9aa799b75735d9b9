import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { runPlan, runPlanCommand } from "../../review/plan";
import { REPO_ROOT } from "../../offline/stack-file";
import { editSection } from "../config/edit";

const CLI = path.join(REPO_ROOT, "review", "plan.ts");
const TSX = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");

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

    it("says when database and cache changes take effect: at once in dev, in the maintenance window in production", async () => {
        const section = (text: string) => text.split("When changes take effect:\n")[1]?.split("\n\n")[0];
        expect(section((await runPlan("production")).text)).to.equal([
            "  hse-production-postgres: RDS modifications wait for the maintenance window sun:05:00-sun:05:30 UTC (postgres.applyImmediately is false); `pulumi up` ends before they are made.",
            "  hse-production-cache: ElastiCache modifications wait for the maintenance window sun:03:00-sun:04:00 UTC (cache.applyImmediately is false); `pulumi up` ends before they are made.",
        ].join("\n"));
        expect(section((await runPlan("dev")).text)).to.equal([
            "  hse-dev-postgres: RDS modifications are made at once, with any reboot or failover they need (postgres.applyImmediately is true).",
            "  hse-dev-cache: ElastiCache modifications are made at once, with any reboot or failover they need (cache.applyImmediately is true).",
        ].join("\n"));
    });

    it("lists production's data tier: the database, TimescaleDB with its volume and bucket, the 2x2 cache, keys, secrets, rotations", async () => {
        const text = (await runPlan("production")).text;
        const counts = Object.fromEntries(
            [
                "aws:rds/instance:Instance",
                "aws:ec2/instance:Instance",
                "aws:ebs/volume:Volume",
                "aws:s3/bucket:Bucket",
                "aws:elasticache/replicationGroup:ReplicationGroup",
                "aws:elasticache/userGroup:UserGroup",
                "aws:kms/key:Key",
                "aws:secretsmanager/secret:Secret",
                "aws:secretsmanager/secretRotation:SecretRotation",
                "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
            ].map((type) => [type, countLine(text, type)]),
        );
        expect(counts).to.deep.equal({
            "aws:rds/instance:Instance": 1,
            "aws:ec2/instance:Instance": 1,
            "aws:ebs/volume:Volume": 1,
            // TimescaleDB's backups, the ALB's access logs and the S3 server access logs of both.
            "aws:s3/bucket:Bucket": 3,
            "aws:elasticache/replicationGroup:ReplicationGroup": 1,
            "aws:elasticache/userGroup:UserGroup": 1,
            // data, secrets and logs, plus the key of the backups in the second region.
            "aws:kms/key:Key": 4,
            // the application user, TimescaleDB's admin, application and TLS key, the cache user, JWT, New Relic.
            "aws:secretsmanager/secret:Secret": 7,
            // the RDS master, the application user, TimescaleDB's admin and application, the cache user, JWT.
            "aws:secretsmanager/secretRotation:SecretRotation": 6,
            "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": 1,
        });
        expect(text).to.match(/aws:elasticache\/replicationGroup:ReplicationGroup\s+hse-production-cache-cluster-replication-group {2}\[protected, retained on delete\]/);
    });

    it("lists production's services and edge: cluster, services with tasks, roles, logs and scaling, repositories, ALB, NLB, CloudFront and WAF", async () => {
        const text = (await runPlan("production")).text;
        const types: Record<string, number> = {
            "aws:ecs/cluster:Cluster": 1,
            "aws:ecs/service:Service": 2,
            "aws:ecs/taskDefinition:TaskDefinition": 2,
            "aws:ecr/repository:Repository": 2,
            "aws:appautoscaling/policy:Policy": 3,
            "aws:lb/loadBalancer:LoadBalancer": 2,
            // ALB HTTPS and HTTP, NLB TCP.
            "aws:lb/listener:Listener": 3,
            // ALB monolith and devices, NLB devices.
            "aws:lb/targetGroup:TargetGroup": 3,
            "aws:cloudfront/distribution:Distribution": 1,
            "aws:wafv2/webAcl:WebAcl": 1,
        };
        expect(Object.fromEntries(Object.keys(types).map((t) => [t, countLine(text, t)]))).to.deep.equal(types);
        for (const service of ["monolith", "devices"]) {
            expect(text).to.match(new RegExp(`aws:iam/role:Role\\s+hse-production-${service}-execution-role`));
            expect(text).to.match(new RegExp(`aws:iam/role:Role\\s+hse-production-${service}-task-role`));
            expect(text).to.match(new RegExp(`aws:cloudwatch/logGroup:LogGroup\\s+hse-production-${service}-logs`));
        }
    });

    it("warns that a required secret is missing, names the command that sets it, and stands in for it", async () => {
        const missing = (await runPlan("staging")).text.split("\n");
        expect(missing[3]).to.equal(
            "Warning: hse-platform:newRelicLicenseKey is not set; the plan stands in a placeholder, and `pulumi up` refuses this stack until you run: pulumi config set --secret hse-platform:newRelicLicenseKey <license key>",
        );
        const set = (await runPlan("staging", { secretConfig: { "hse-platform:newRelicLicenseKey": "a".repeat(40) } })).text;
        expect(set).to.not.include("Warning:");
        expect(set.split("\n").slice(3)).to.deep.equal(missing.slice(5));
    });

    it("warns of plain device TCP, naming the key, where a stack chooses it (dev) and nowhere else", async () => {
        const dev = (await runPlan("dev")).text.split("\n");
        expect(dev).to.include("Warning: hse-platform:nlb.protocol is TCP: device traffic crosses the internet in plain text and devices cannot authenticate the server (allowed in dev only; set TLS to encrypt it)");
        const tls = (await runPlan("dev", { editConfig: editSection("nlb", (n) => { n.protocol = "TLS"; }) })).text;
        expect(tls).to.not.include("nlb.protocol");
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

    it("matches the sample in docs/plan.md, line for line (\"...\" stands for lines left out)", async () => {
        const document = fs.readFileSync(path.join(REPO_ROOT, "docs", "plan.md"), "utf8");
        const sample = /```\n(Offline plan of stack "production"[\s\S]*?)```/.exec(document)?.[1];
        expect(sample, "docs/plan.md has a sample plan").to.be.a("string");
        const plan = (await runPlan("production")).text.split("\n");
        let at = 0;
        for (const line of sample!.trimEnd().split("\n").filter((l) => l !== "...")) {
            const found = plan.indexOf(line, at);
            expect(found, `docs/plan.md sample line not in the plan (in order): ${line}`).to.be.greaterThan(-1);
            at = found + 1;
        }
    });

    it("prints the same plan twice for the same config", async () => {
        // Options, even empty ones, make each build fresh: two builds, not one cached twice.
        expect((await runPlan("staging", {})).text).to.equal((await runPlan("staging", {})).text);
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

    it("runs from the command line", () => {
        const output = execFileSync(TSX, [CLI, "production"], { cwd: REPO_ROOT, encoding: "utf8" });
        expect(countLine(output, "aws:ec2/natGateway:NatGateway")).to.equal(2);
    });

    /** Runs the plan CLI expecting failure; returns its exit status and what it printed. */
    function failingPlan(stack: string): { status: number | null; stderr: string } {
        try {
            execFileSync(TSX, [CLI, stack], { cwd: REPO_ROOT, encoding: "utf8", stdio: "pipe" });
        } catch (error) {
            const failure = error as { status: number | null; stderr: string };
            return { status: failure.status, stderr: failure.stderr };
        }
        throw new Error(`the plan of ${stack} succeeded`);
    }

    it("says in one line, with exit 1, that a stack does not exist", async () => {
        const result = await runPlan("qa");
        expect(result.exitCode).to.equal(1);
        expect(result.text).to.equal('there is no stack "qa" (no Pulumi.qa.yaml); stacks: dev, production, staging');
    });

    it("says in one line on stderr, with exit 1, from the command line, what is wrong with a stack file", () => {
        // A missing stack here; a file that is not valid YAML raises the same StackFileError,
        // whose message the stack-file reader's tests check (no test writes into the project).
        const { status, stderr } = failingPlan("qa");
        expect(status).to.equal(1);
        expect(stderr.trim().split("\n")).to.have.length(1);
        expect(stderr.trim()).to.equal('there is no stack "qa" (no Pulumi.qa.yaml); stacks: dev, production, staging');
    });

    it("prints usage with exit 2 when no stack is named", async () => {
        const result = await runPlan(undefined);
        expect(result.exitCode).to.equal(2);
        expect(result.text).to.equal("usage: npm run plan -- <stack>; stacks: dev, production, staging");
    });

    it("prints its usage with exit 0 on --help or -h, building nothing", async () => {
        for (const flag of ["--help", "-h"]) {
            const result = await runPlanCommand([flag]);
            expect(result.exitCode).to.equal(0);
            expect(result.text.split("\n")[0]).to.equal("usage: npm run plan -- <stack>");
            expect(result.text).to.include("stacks: dev, production, staging").and.not.include("aws:");
        }
        expect((await runPlanCommand(["dev", "--help"])).text).to.not.include("aws:");
    });

    it("refuses an unknown argument with exit 2, naming it, and builds nothing", async () => {
        const cases: Record<string, string[]> = {
            'unknown argument "--stack"': ["--stack", "dev"],
            'unknown argument "-x"': ["dev", "-x"],
            'unknown argument "--help=yes"': ["--help=yes"],
            'unexpected argument "staging": the plan takes one stack': ["dev", "staging"],
        };
        for (const [message, args] of Object.entries(cases)) {
            const result = await runPlanCommand(args);
            expect(result.exitCode, args.join(" ")).to.equal(2);
            expect(result.text).to.equal(`${message}\nusage: npm run plan -- <stack>; stacks: dev, production, staging`);
        }
    });

    it("plans the stack named on the command line, and says it lists what the stack declares", async () => {
        const result = await runPlanCommand(["dev"]);
        expect(result.exitCode).to.equal(0);
        expect(result.text.split("\n")[0]).to.equal('Offline plan of stack "dev" (project hse-platform, region us-east-1): every resource the stack declares.');
        expect(result.text).to.match(/aws:ec2\/natGateway:NatGateway\s+hse-dev-nat-us-east-1a {2}\[delete-first if replaced\]/);
    });
});
