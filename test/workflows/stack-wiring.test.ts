// What the workflows take from the rest of the repository exists there: every stack output the
// deploy reads (jq paths on `pulumi stack output --json`) in every built stack, every npm script
// they run in package.json, the config key the deploy pins an image tag with in every stack file,
// the readiness path the ALB checks, the Pulumi CLI of @pulumi/pulumi's release, the three stacks
// in order with production last behind its environment.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { buildStack } from "../../offline/build";
import { readOfflineStackConfig } from "../../offline/secret-stand-ins";
import { REPO_ROOT, stackNames } from "../../offline/stack-file";
import { loadPlatformConfig } from "../../stacks/config/load";
import { SERVICE_NAME } from "../../stacks/config/services";
import { missingOutputs, outputReads, parseFilter } from "./output-paths";
import { readWorkflows, runScripts, workflow } from "./workflow-files";

const workflows = readWorkflows();
const scripts = runScripts(workflows);
const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
    devDependencies: Record<string, string>;
    dependencies: Record<string, string>;
};
const deployStack = workflow(workflows, "deploy-stack.yml");
const deployJob = deployStack.jobs.deploy;
const STACKS = ["dev", "staging", "production"];

function stepRun(name: string): string {
    const step = (deployJob.steps ?? []).find((s) => s.name?.startsWith(name));
    if (!step?.run) throw new Error(`deploy-stack.yml has no run step named '${name}...'`);
    return step.run;
}

describe("workflows: stack outputs they read", () => {
    const reads = outputReads(scripts);

    it("are jq paths on outputs.json, written by `pulumi stack output --json` in the deploy", () => {
        expect(reads.map((r) => r.filter)).to.include.members([".region", ".compute.clusterName", ".compute.services[].serviceName", ".edge.readinessUrl", ".compute.services[$service].image"]);
        expect(scripts.filter((s) => /pulumi stack output/.test(s.script)).map((s) => s.where)).to.deep.equal(["deploy-stack.yml deploy step stack outputs"]);
    });

    for (const stack of STACKS) {
        it(`exist in ${stack}'s outputs`, async () => {
            const { outputs } = await buildStack(stack);
            const missing = reads.flatMap(({ where, filter }) => missingOutputs(outputs, filter).map((problem) => `${where}: ${filter}: ${problem}`));
            expect(missing).to.deep.equal([]);
        });
    }

    it("are checked for real: an absent key, a null, an empty map or an object where a value is expected is reported", () => {
        const outputs = { compute: { clusterName: "c", services: {} as Record<string, unknown>, nothing: null }, edge: { urls: { a: "x" } } };
        expect(missingOutputs(outputs, ".compute.clusterName")).to.deep.equal([]);
        expect(missingOutputs(outputs, ".compute.clusterNmae")).to.deep.equal([".compute.clusterNmae is absent"]);
        expect(missingOutputs(outputs, ".compute.nothing")).to.deep.equal([".compute.nothing is null"]);
        expect(missingOutputs(outputs, ".compute.services[].serviceName")).to.deep.equal([".compute.services is empty"]);
        expect(missingOutputs(outputs, ".edge.urls")).to.deep.equal(['.edge.urls is {"a":"x"}, not a string or number']);
        expect(missingOutputs(outputs, ".edge.urls[$k]")).to.deep.equal([]);
    });

    it("refuses a filter or a line it cannot read, so no output read escapes the check", () => {
        expect(() => parseFilter(".compute | keys")).to.throw(/is not .name/);
        expect(() => parseFilter("compute")).to.throw(/not a path/);
        expect(() => outputReads([{ where: "x", script: "cat outputs.json" }])).to.throw(/cannot tell which stack output/);
        expect(() => outputReads([{ where: "x", script: "jq -r '.a' outputs.json | jq '.b' outputs.json" }])).to.throw(/cannot tell/);
    });
});

describe("workflows: what they run from the repository", () => {
    it("every `npm run <script>` and `npm test` is a script of package.json", () => {
        const used = scripts.flatMap(({ where, script }) => [...script.matchAll(/\bnpm (?:run(?:-script)? ([\w:-]+)|(test)\b)/g)].map((m) => ({ where, name: m[1] ?? m[2] })));
        expect(used.map((u) => u.name)).to.include.members(["review", "plan"]);
        expect(used.filter((u) => !(u.name in packageJson.scripts)).map((u) => `${u.where}: npm run ${u.name}`)).to.deep.equal([]);
    });

    it("every `bash <file>` is a file of the repository", () => {
        const files = scripts.flatMap(({ script }) => [...script.matchAll(/\bbash ([\w./-]+)/g)].map((m) => m[1]));
        expect(files).to.include(".ci/run");
        expect(files.filter((f) => !fs.existsSync(path.join(REPO_ROOT, f)))).to.deep.equal([]);
    });

    it("install the Pulumi CLI of the @pulumi/pulumi release the program uses", () => {
        const sdk = packageJson.dependencies["@pulumi/pulumi"];
        const installs = workflows.flatMap((w) =>
            Object.values(w.jobs).flatMap((job) => (job.steps ?? []).filter((s) => s.uses?.startsWith("pulumi/actions@")).map((s) => String(s.with?.["pulumi-version"]))),
        );
        expect(installs).to.have.length(2);
        expect(installs.every((v) => v === sdk), `${installs.join(", ")} vs @pulumi/pulumi ${sdk}`).to.equal(true);
    });
});

describe("workflows: the deploy", () => {
    it("pins the image with the key stacks/config/services.ts reads, kept a string, in every service of every stack", () => {
        const pin = stepRun("pin ");
        expect(pin).to.include(`pulumi config set --stack "$STACK" --path "services.\${SERVICE}.image" --type string -- "$IMAGE_TAG"`);
        for (const stack of STACKS) {
            const config = loadPlatformConfig(readOfflineStackConfig(stack));
            const services = Object.entries(config.services);
            expect(services.length, stack).to.be.greaterThan(0);
            for (const [name, settings] of services) expect(settings.image, `${stack} services.${name}.image`).to.be.a("string");
        }
    });

    it("accepts as a service only a name stacks/config/services.ts accepts", () => {
        const guard = /\[\[ "\$SERVICE" =~ (\S+) \]\]/.exec(stepRun("pin "));
        expect(guard?.[1]).to.equal(SERVICE_NAME.source);
    });

    it("checks the public name on the path every stack's ALB health check uses", async () => {
        for (const stack of STACKS) {
            const config = loadPlatformConfig(readOfflineStackConfig(stack));
            const { edge } = (await buildStack(stack)).outputs as { edge: { publicUrl: string; readinessUrl: string } };
            expect(edge.readinessUrl, stack).to.equal(`${edge.publicUrl}${config.alb.healthCheck.path}`);
            expect(edge.readinessUrl, stack).to.match(/^https:\/\/[a-z0-9.-]+\/\S+$/);
        }
    });

    it("deploys dev, then staging, then production, each gated by the environment of its name, one at a time per stack", () => {
        const { jobs } = workflow(workflows, "deploy.yml");
        expect(Object.entries(jobs).filter(([, j]) => j.uses).map(([id, j]) => [id, j.with?.stack, j.needs ?? null])).to.deep.equal([
            ["dev", "dev", null],
            ["staging", "staging", "dev"],
            ["production", "production", "staging"],
        ]);
        expect(deployJob.environment).to.deep.include({ name: "${{ inputs.stack }}" });
        expect(deployJob.concurrency).to.deep.equal({ group: "deploy-${{ inputs.stack }}", "cancel-in-progress": false });
        expect(jobs.notify.needs).to.deep.equal(["dev", "staging", "production"]);
    });

    it("previews every stack of the repository on a pull request", () => {
        const include = workflow(workflows, "pull-request.yml").jobs.preview.strategy?.matrix?.include ?? [];
        expect(include.map((entry) => entry.stack)).to.have.members(stackNames());
        expect(stackNames()).to.have.members(STACKS);
    });
});
