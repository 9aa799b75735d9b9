// The replacement table (stacks/replacements.ts) against what the stacks really declare: every
// resource of fixed name is in it, and for config changes that reach an input that replaces such a
// resource, the change is handled (the input is in the name, or the resource is replaced
// delete-first) or refused by the change guard with the two-step procedure. Decision 0027.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { replacementSuffix } from "../../components/shared/naming";
import { buildStack, DeclaredResource } from "../../offline/build";
import { REPO_ROOT } from "../../offline/stack-file";
import { shapeOf, unapplicableChanges } from "../../stacks/change-guard";
import { loadPlatformConfig } from "../../stacks/config/load";
import { FIXED_NAME_RESOURCES, FixedNameResource, NAME_REFERENCES, replacementsMarkdown } from "../../stacks/replacements";
import { Edit, editSection, PROJECT, secretKeysOf, stackValues } from "../config/edit";

/** Inputs by which the provider takes a physical name. */
const NAME_INPUTS = ["name", "identifier", "replicationGroupId", "userGroupId", "userId", "functionName", "repositoryName", "clusterIdentifier"];
const TABLE = new Map(FIXED_NAME_RESOURCES.map((r) => [r.type, r]));

/** A replacing input that changed under the same name, without delete-first: it would fail half-way. */
export function unhandledReplacements(before: readonly DeclaredResource[], after: readonly DeclaredResource[]): string[] {
    const previous = new Map(before.map((r) => [r.urn, r]));
    return after.flatMap((next) => {
        const entry: FixedNameResource | undefined = TABLE.get(next.type);
        const old = previous.get(next.urn);
        if (!entry || !old || next.deleteBeforeReplace) return [];
        if (JSON.stringify(old.inputs[entry.nameInput]) !== JSON.stringify(next.inputs[entry.nameInput])) return [];
        return entry.replacedBy
            .filter((i) => JSON.stringify(old.inputs[i.input]) !== JSON.stringify(next.inputs[i.input]))
            .map((i) => `${next.name} (${next.type}): ${i.input} ${JSON.stringify(old.inputs[i.input])} -> ${JSON.stringify(next.inputs[i.input])} under the same ${entry.nameInput} ${JSON.stringify(next.inputs[entry.nameInput])}`);
    });
}

function configOf(stack: string, edit: Edit = () => {}) {
    const values = stackValues(stack);
    edit(values);
    return loadPlatformConfig({ project: PROJECT, stack, values, secretKeys: secretKeysOf(values) });
}

const withPorts = (http: number, devicesTcp: number): Edit => (values) => {
    editSection("network", (n) => { n.ports = { http, devicesTcp }; })(values);
    editSection("nlb", (n) => { n.healthCheck = { port: http }; })(values);
    editSection("services", (s) => {
        for (const service of Object.values(s) as { ports: { name: string; port: number }[] }[]) {
            for (const p of service.ports) p.port = p.name === "http" ? http : p.name === "devices" ? devicesTcp : p.port;
        }
    })(values);
};

/** Config changes that reach an input of the table; each must be handled or refused. */
const PROBES: { title: string; edit: Edit; refusedAs?: string }[] = [
    { title: "the services' HTTP port (the ALB's target groups)", edit: withPorts(8081, 5000) },
    { title: "the devices' TCP port (the NLB's target group)", edit: withPorts(8080, 5001) },
    { title: "the RDS master user name", edit: editSection("postgres", (p) => { p.masterUsername = "hse_root"; }), refusedAs: "postgres.masterUsername" },
    { title: "the RDS database name", edit: editSection("postgres", (p) => { p.databaseName = "hse_dev_two"; }), refusedAs: "postgres.databaseName" },
    { title: "the cache port", edit: editSection("cache", (c) => { c.port = 6380; }), refusedAs: "cache.port" },
    { title: "the cache engine", edit: editSection("cache", (c) => { c.engine = "redis"; c.engineVersion = "7.1"; }), refusedAs: "cache.engine" },
    { title: "the cache cluster mode", edit: editSection("cache", (c) => { c.clusterMode = "enabled"; c.replicasPerShard = 1; c.automaticFailover = true; c.multiAz = true; }), refusedAs: "cache.clusterMode" },
    { title: "the cache application user's name", edit: editSection("cache", (c) => { c.appUsername = "hse-app-two"; }), refusedAs: "cache.appUsername" },
];

describe("resources of fixed name and what replaces them", () => {
    const built: Record<string, DeclaredResource[]> = {};
    before(async function () {
        for (const stack of ["dev", "production"]) built[stack] = [...(await buildStack(stack)).resources];
    });

    it("lists every resource type the stacks give a fixed name, with its provider source", () => {
        for (const resources of Object.values(built)) {
            for (const r of resources.filter((x) => x.custom && !x.type.startsWith("pulumi:"))) {
                const named = NAME_INPUTS.filter((k) => typeof r.inputs[k] === "string");
                if (named.length === 0 || r.type in NAME_REFERENCES) continue;
                const entry = TABLE.get(r.type);
                expect(entry, `${r.type} (${r.name}) has a fixed ${named.join(", ")} but is not in stacks/replacements.ts`).to.not.equal(undefined);
                expect(named, `${r.type}: the table's name input`).to.include(entry!.nameInput);
                expect(entry!.source).to.match(/^hashicorp\/terraform-provider-aws internal\/service\/\w+\/\w+\.go \(/);
            }
        }
    });

    it("refers every guarded input to a key the change guard compares, and back", () => {
        const guarded = FIXED_NAME_RESOURCES.flatMap((r) => r.replacedBy.flatMap((i) => (i.handling.kind === "guarded" ? [i.handling.key] : [])));
        expect([...new Set(guarded)].sort()).to.deep.equal(PROBES.flatMap((p) => (p.refusedAs ? [p.refusedAs] : [])).sort());
    });

    it("is written out in docs/replacements.md (npm run docs)", () => {
        expect(fs.readFileSync(path.join(REPO_ROOT, "docs", "replacements.md"), "utf8")).to.equal(replacementsMarkdown());
    });

    it("names a target group by its port and protocol: four stable characters that change with either", () => {
        // Pinned: a new hash would rename, and so replace, every deployed target group.
        expect([replacementSuffix(8080, "HTTP"), replacementSuffix(5000, "TCP")]).to.deep.equal(["7gdk", "ib2z"]);
        const suffixes = new Set([replacementSuffix(8080, "HTTP"), replacementSuffix(8081, "HTTP"), replacementSuffix(8080, "TCP"), replacementSuffix(5000, "TCP")]);
        expect(suffixes.size).to.equal(4);
        // The longest name: prefix of the longest environment, a 12-character service, the suffix.
        expect(`hse-production-${"s".repeat(12)}-${replacementSuffix(65535, "HTTP")}`.length).to.be.at.most(32);
    });

    it("finds a replacing input that changes under the same name (the check itself)", () => {
        const group = built.dev.find((r) => r.type === "aws:lb/targetGroup:TargetGroup")!;
        const moved = { ...group, inputs: { ...group.inputs, port: group.inputs.port + 1 } };
        expect(unhandledReplacements([group], [moved])).to.have.length(1);
        expect(unhandledReplacements([group], [{ ...moved, deleteBeforeReplace: true }])).to.deep.equal([]);
        expect(unhandledReplacements([group], [{ ...moved, inputs: { ...moved.inputs, name: `${group.inputs.name}x` } }])).to.deep.equal([]);
    });

    for (const probe of PROBES) {
        it(`${probe.refusedAs ? "refuses" : "handles"} a change of ${probe.title}`, async function () {
            const problems = unapplicableChanges(PROJECT, shapeOf(configOf("dev")), shapeOf(configOf("dev", probe.edit)));
            if (probe.refusedAs) {
                const problem = problems.find((p) => p.key === `${PROJECT}:${probe.refusedAs}`);
                expect(problem, JSON.stringify(problems)).to.not.equal(undefined);
                expect(problem!.message).to.match(/Step 1: .*; step 2: /);
                return;
            }
            expect(problems).to.deep.equal([]);
            const after = (await buildStack("dev", { editConfig: probe.edit })).resources;
            const changedNames = after.filter((r) => TABLE.has(r.type) && built.dev.some((b) => b.urn === r.urn && JSON.stringify(b.inputs) !== JSON.stringify(r.inputs)));
            expect(changedNames, "the probe reaches a resource of the table").to.not.have.length(0);
            expect(unhandledReplacements(built.dev, after)).to.deep.equal([]);
        });
    }

    it("compares nothing with a shape recorded before fixed-name inputs were (an older deployment)", () => {
        const older = { ...shapeOf(configOf("dev")), fixedNameInputs: undefined };
        expect(unapplicableChanges(PROJECT, older, shapeOf(configOf("dev", editSection("cache", (c) => { c.port = 6380; }))))).to.deep.equal([]);
    });
});
