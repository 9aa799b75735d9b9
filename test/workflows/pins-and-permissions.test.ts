// Supply chain and least privilege: every action is pinned to a full commit SHA with its release
// in a comment (a tag can be moved; a SHA cannot), every workflow starts from no permissions and
// every job says what it needs, and the write permissions stay in the jobs that use them.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { Job, readWorkflows, usesReferences, Workflow } from "./workflow-files";

const workflows = readWorkflows();

/** owner/repo[/path]@<40 hex> followed on its line by `# v<release>`. */
const PINNED = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._/-]+)?@[0-9a-f]{40}$/;
const LOCAL_WORKFLOW = /^\.\/\.github\/workflows\/[A-Za-z0-9._-]+\.ya?ml$/;

/** What each action's action.yml declares (test/workflows/action-inputs.json says where it was read). */
const ACTION_INPUTS = (JSON.parse(fs.readFileSync(path.join(__dirname, "action-inputs.json"), "utf8")) as { actions: Record<string, { inputs: string[] }> }).actions;

function releaseComment(text: string, uses: string): string | undefined {
    const line = text.split("\n").find((l) => l.includes(`uses: ${uses}`));
    return line && /#\s*(v\d+(\.\d+){0,2})\s*$/.exec(line)?.[1];
}

function permissionsOf(job: Job): Record<string, string> {
    if (job.permissions === undefined || typeof job.permissions === "string") throw new Error(`permissions must be a map, got ${JSON.stringify(job.permissions)}`);
    return job.permissions;
}

function jobsWith(w: Workflow, scope: string, level: string): string[] {
    return Object.entries(w.jobs)
        .filter(([, job]) => job.permissions !== undefined && typeof job.permissions !== "string" && job.permissions[scope] === level)
        .map(([id]) => id);
}

describe("workflows: pinned actions", () => {
    const references = usesReferences(workflows);

    it("finds the actions", () => {
        expect(references.length).to.be.greaterThan(5);
    });

    for (const { where, uses } of references) {
        it(`${where}: ${uses} is a full commit SHA with its release in a comment, or a workflow of this repository`, () => {
            if (LOCAL_WORKFLOW.test(uses)) return;
            expect(uses, where).to.match(PINNED);
            const { text } = workflows.find((w) => where.startsWith(`${w.file} `))!;
            expect(releaseComment(text, uses), `${where}: no '# vX.Y.Z' after ${uses}`).to.be.a("string");
        });
    }

    it("pins one action to one SHA and one release everywhere", () => {
        const byAction = new Map<string, Set<string>>();
        for (const { uses } of references.filter((r) => !LOCAL_WORKFLOW.test(r.uses))) {
            const [action] = uses.split("@");
            const pins = byAction.get(action) ?? new Set<string>();
            pins.add(`${uses} ${releaseComment(workflows.map((w) => w.text).join("\n"), uses)}`);
            byAction.set(action, pins);
        }
        expect([...byAction].filter(([, pins]) => pins.size > 1).map(([action, pins]) => `${action}: ${[...pins].join(" | ")}`)).to.deep.equal([]);
    });

    it("are given only inputs their action.yml declares (actionlint cannot check an action pinned by SHA)", () => {
        const steps = workflows.flatMap((w) =>
            Object.entries(w.jobs).flatMap(([id, job]) => (job.steps ?? []).filter((s) => s.uses && !s.uses.startsWith("./")).map((s) => ({ where: `${w.file} ${id}`, step: s }))),
        );
        expect(steps.length).to.be.greaterThan(5);
        const unknown = steps.flatMap(({ where, step }) => {
            const action = step.uses!.split("@")[0];
            const declared = ACTION_INPUTS[action]?.inputs;
            if (!declared) return [`${where}: ${action} is not in action-inputs.json`];
            return Object.keys(step.with ?? {}).filter((key) => !declared.includes(key)).map((key) => `${where}: ${action} has no input ${key}`);
        });
        expect(unknown).to.deep.equal([]);
    });

    it("refuses a tag, a branch or a short SHA", () => {
        for (const uses of ["actions/checkout@v7", "actions/checkout@main", "actions/checkout@3d3c42e", "docker://alpine:3"]) expect(uses).to.not.match(PINNED);
        expect("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1").to.match(PINNED);
    });
});

describe("workflows: permissions", () => {
    for (const w of workflows) {
        it(`${w.file} grants nothing at the top and every job declares its own`, () => {
            expect(w.permissions, `${w.file}: top-level permissions`).to.deep.equal({});
            for (const [id, job] of Object.entries(w.jobs)) expect(() => permissionsOf(job), `${w.file} ${id}`).to.not.throw();
        });
    }

    it("reads and writes no more than each job uses", () => {
        const allowed: Record<string, string[]> = {
            contents: ["read", "write"],
            "pull-requests": ["write"],
            "id-token": ["write"],
        };
        for (const w of workflows) {
            for (const [id, job] of Object.entries(w.jobs)) {
                for (const [scope, level] of Object.entries(permissionsOf(job))) {
                    expect(allowed[scope] ?? [], `${w.file} ${id}: ${scope}: ${level}`).to.include(level);
                }
            }
        }
    });

    it("gives an OIDC token only to the jobs that assume an AWS role (and to the calls of the deploy)", () => {
        for (const w of workflows) {
            const assumes = Object.entries(w.jobs)
                .filter(([, job]) => job.uses?.endsWith("/deploy-stack.yml") || (job.steps ?? []).some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@")))
                .map(([id]) => id);
            expect(jobsWith(w, "id-token", "write"), w.file).to.deep.equal(assumes);
        }
    });

    it("writes contents only where the deploy commits a pinned tag, and pull requests only for the review comment", () => {
        const writers = workflows.flatMap((w) => jobsWith(w, "contents", "write").map((id) => `${w.file} ${id}`));
        expect(writers).to.deep.equal(["deploy-stack.yml deploy", "deploy.yml dev", "deploy.yml staging", "deploy.yml production"]);
        const commenters = workflows.flatMap((w) => jobsWith(w, "pull-requests", "write").map((id) => `${w.file} ${id}`));
        expect(commenters).to.deep.equal(["pull-request.yml review"]);
    });
});
