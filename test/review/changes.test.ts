// The change review from real builds of production: a resize is an update of the RDS instance, a
// new master username a replacement called out first, a secret only ever "changed".
import { expect } from "chai";
import { buildStack } from "../../offline/build";
import { diffResources, lineDiffs, propertyDiffs } from "../../review/changes";
import { changeContext, changeReview } from "../../review/change-review";
import { maskSecret } from "../../review/effective-config";
import { renderMarkdown } from "../../review/render-markdown";
import { renderText } from "../../review/render-text";
import { ResourceSnapshot, snapshotOf } from "../../review/snapshot";
import { editSection } from "../config/edit";

const RDS = "aws:rds/instance:Instance";
const LICENSE_KEY = "hse-platform:newRelicLicenseKey";
const OLD_KEY = "0123456789abcdef0123456789abcdef01234567";
const NEW_KEY = "76543210fedcba9876543210fedcba9876543210";

function resource(type: string, name: string, inputs: Record<string, unknown>, protect = false): ResourceSnapshot {
    return { urn: `urn:pulumi:s::p::${type}::${name}`, type, name, custom: true, protect, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [], aliasUrns: [], inputs };
}

describe("review: property diffs", () => {
    it("names the leaf paths that differ, inside objects, arrays and JSON held in strings", () => {
        const before = { a: 1, tags: { Name: "x" }, list: [1, 2], policy: JSON.stringify({ Statement: [{ Action: "s3:GetObject" }] }) };
        const after = { a: 1, tags: { Name: "y" }, list: [1, 3, 4], policy: JSON.stringify({ Statement: [{ Action: "s3:PutObject" }] }) };
        expect(propertyDiffs(before, after).map((d) => d.path)).to.deep.equal(["list[1]", "list[2]", "policy(json).Statement[0].Action", "tags.Name"]);
    });

    it("diffs multi-line text by line: the removed line first, then the added one", () => {
        expect(lineDiffs("a\nb\nc", "a\nB\nc\nd", "userData")).to.deep.equal([
            { path: "userData(line 2)", before: "b" },
            { path: "userData(line 2)", after: "B" },
            { path: "userData(line 4)", after: "d" },
        ]);
    });

    it("a replacement comes from FIXED_NAME_RESOURCES: a changed replacedBy input replaces, another input updates", () => {
        const before = [resource(RDS, "db", { identifier: "db", username: "a", instanceClass: "db.t4g.micro" })];
        const renamed = diffResources(before, [resource(RDS, "db", { identifier: "db", username: "b", instanceClass: "db.t4g.micro" })]);
        const resized = diffResources(before, [resource(RDS, "db", { identifier: "db", username: "a", instanceClass: "db.t4g.small" })]);
        expect(renamed.map((c) => [c.kind, c.replacedBy])).to.deep.equal([["replace", ["username"]]]);
        expect(resized.map((c) => [c.kind, c.replacedBy])).to.deep.equal([["update", []]]);
    });

    it("finds creates and deletes, and follows an alias instead of deleting and creating", () => {
        const old = resource("aws:s3/bucket:Bucket", "old", {});
        const moved = { ...resource("aws:s3/bucket:Bucket", "new", {}), aliasUrns: [old.urn] };
        expect(diffResources([old], [moved])).to.deep.equal([]);
        const kinds = diffResources([old], [resource("aws:s3/bucket:Bucket", "other", {})]).map((c) => `${c.kind} ${c.resource.name}`);
        expect(kinds).to.deep.equal(["create other", "delete old"]);
    });

    it("a changed secret differs without either value in the diff", () => {
        const diffs = propertyDiffs({ s: maskSecret("one") }, { s: maskSecret("two") });
        expect(diffs).to.have.length(1);
        expect(JSON.stringify(diffs)).to.not.match(/one|two/);
    });
});

describe("review: a change to production", function () {
    this.timeout(300_000);
    let base: ReturnType<typeof snapshotOf>;
    before(async () => {
        base = snapshotOf(await buildStack("production", { secretConfig: { [LICENSE_KEY]: OLD_KEY } }));
    });

    it("a resize is an update of the RDS instance's instanceClass, held for the maintenance window, and a new licence key says only 'changed'", async () => {
        const resized = await buildStack("production", {
            editConfig: editSection("postgres", (p) => (p.instanceClass = "db.r6g.2xlarge")),
            secretConfig: { [LICENSE_KEY]: NEW_KEY },
        });
        const context = changeContext("production", "main", base, snapshotOf(resized));
        const rds = context.changes.filter((c) => c.resource.type === RDS);
        expect(rds.map((c) => [c.kind, c.diffs.map((d) => [d.path, d.before, d.after])])).to.deep.equal([["update", [["instanceClass", "db.r6g.xlarge", "db.r6g.2xlarge"]]]]);

        const text = renderText(changeReview(context));
        const markdown = renderMarkdown(changeReview(context));
        expect(text.split("\n").slice(0, 8).join("\n")).to.match(/MAINTENANCE WINDOW aws:rds\/instance:Instance hse-production-postgres-instance/);
        expect(text).to.match(/secretString: \[secret\] changed/);
        expect(text).to.match(/postgres\.instanceClass +db\.r6g\.xlarge +db\.r6g\.2xlarge/);
        for (const output of [text, markdown]) {
            expect(output).to.not.include(OLD_KEY);
            expect(output).to.not.include(NEW_KEY);
        }
    });

    it("a new master username replaces the RDS instance, called out at the top", async () => {
        const renamed = await buildStack("production", {
            editConfig: editSection("postgres", (p) => (p.masterUsername = "hse_root")),
            secretConfig: { [LICENSE_KEY]: OLD_KEY },
        });
        const context = changeContext("production", "main", base, snapshotOf(renamed));
        expect(context.changes.filter((c) => c.resource.type === RDS).map((c) => [c.kind, c.replacedBy])).to.deep.equal([["replace", ["username"]]]);
        const report = changeReview(context);
        expect(report.sections[0].title).to.equal("Needs attention");
        expect(renderText(report)).to.match(/REPLACE aws:rds\/instance:Instance hse-production-postgres-instance \(protected, stateful: RDS instance\): username changed/);
    });
});
