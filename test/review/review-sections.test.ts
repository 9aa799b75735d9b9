// The review's cost and diagram sections: the cost estimate of one stack, the cost delta and the
// marked diagram of a change, `--svg`, `--out`/`--svg` into a missing directory, and no secret
// in any output. One edited build of production (a resize of RDS, a higher monolith maxCount
// and a licence key set); every other build is the cached one.
import { parseXML } from "@aws-sdk/xml-builder";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { buildStack } from "../../offline/build";
import { changeContext, ChangeContext, changeReview } from "../../review/change-review";
import { diagramOf } from "../../review/diagram";
import { renderMarkdown } from "../../review/render-markdown";
import { renderText } from "../../review/render-text";
import { runReview } from "../../review/review";
import { estimateOf } from "../../review/review-cost";
import { changeDiagram } from "../../review/review-diagram";
import { snapshotOf } from "../../review/snapshot";
import { editSection } from "../config/edit";
import { tempDir } from "../support/temp-dir";

const RDS = "aws:rds/instance:Instance";
const LICENSE_KEY = "hse-platform:newRelicLicenseKey";
/** The stand-in the engine uses for production's missing licence key, and the key the edited build sets. */
const STAND_IN = "0000000000000000000000000000000000000000";
const NEW_KEY = "5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2";
const MONEY = String.raw`-?\$[\d,]+\.\d\d`;

describe("review: cost and diagram sections", function () {
    this.timeout(300_000);

    let text: string;
    let markdown: string;
    before(async () => {
        await buildStack("production");
        ({ text } = await runReview(["production"]));
        ({ text: markdown } = await runReview(["production", "--format", "markdown"]));
    });

    it("production: resources, the cost lines with the total and its range, and the effective config", () => {
        expect(text).to.match(/^Resources$/m);
        expect(text).to.match(/^Monthly cost estimate$/m);
        expect(text).to.match(new RegExp(`^hse-production-monolith-service +${MONEY} - ${MONEY} +Fargate`, "m"));
        const total = new RegExp(`^Total: (${MONEY}) - (${MONEY}) a month$`, "m").exec(text);
        expect(total, "a total with a range").to.not.equal(null);
        const [min, max] = [total![1], total![2]].map((m) => Number(m.replace(/[$,]/g, "")));
        expect(max).to.be.above(min);
        expect(text).to.include("Unpriced (cost money, not in the price table; not in the total):");
        expect(text).to.match(/^ {2}1 x aws:rds\/instance:Instance: no sourced price for RDS instance class db\.r6g\.xlarge/m);
        expect(text).to.match(/^ {2}cloudfrontGb: 500$/m);
        expect(text).to.match(/^Compute Savings Plan for Fargate \(1-year, No Upfront\) +\$[\d,]+\.\d\d/m);
        expect(text).to.match(/^postgres\.instanceClass +db\.r6g\.xlarge$/m);
        // The sections come in the documented order.
        const order = ["Resources", "Diagram", "When changes take effect", "Monthly cost estimate", "Effective configuration (defaults applied)"].map((t) => text.indexOf(`\n${t}\n`));
        expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1])), order.join(",")).to.equal(true);
    });

    it("the diagram: Mermaid in Markdown, how to get the SVG in text", () => {
        expect(markdown).to.match(/^### Diagram\n\n```mermaid\nflowchart /m);
        expect(text).to.match(/^\d+ nodes in \d+ tiers\. As an SVG file: npm run review -- production --svg diagram-production\.svg$/m);
        expect(text).to.not.include("flowchart");
    });

    it("the diagram drawn from a snapshot (as a ref's is) has the nodes and edges of the one drawn from the build", async () => {
        const built = await buildStack("production");
        const fromBuild = diagramOf(built.resources);
        const fromSnapshot = changeDiagram(snapshotOf(built).resources, []);
        expect(fromSnapshot.edges).to.deep.equal(fromBuild.edges);
        expect(fromSnapshot.nodes.map((n) => n.id)).to.deep.equal(fromBuild.nodes.map((n) => n.id));
        // The CloudFront -> ALB edge needs the origins' domain names, which the snapshot keeps out of the masked secret.
        expect(fromSnapshot.edges.some((e) => e.label === "origin")).to.equal(true);
    });

    it("--svg writes the SVG, which parses as XML; --svg and --out into a missing directory exit 2 naming it", async () => {
        const file = path.join(tempDir("review-svg"), "production.svg");
        const result = await runReview(["production", "--svg", file]);
        expect(result.exitCode).to.equal(0);
        expect(result.text).to.match(new RegExp(`diagram written to ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
        const svg = fs.readFileSync(file, "utf8");
        expect(() => parseXML(svg)).to.not.throw();
        expect(svg).to.include("<svg").and.include("RDS instance");
        for (const flag of ["--svg", "--out"]) {
            const missing = path.join(tempDir("review-missing"), "no-such-dir", "x.svg");
            const refused = await runReview(["production", flag, missing]);
            expect(refused.exitCode, flag).to.equal(2);
            expect(refused.text).to.include(`${flag} ${missing}: the directory ${path.dirname(missing)} does not exist`);
        }
        expect((await runReview(["production", "--svg", "x.png"])).text).to.match(/--svg x\.png: name an \.svg file/);
        expect((await runReview(["--all", "--svg", "x.svg"])).exitCode).to.equal(2);
    });

    describe("a change: RDS resized, monolith maxCount raised, licence key set", () => {
        let context: ChangeContext;
        let reverse: ChangeContext;
        before(async () => {
            const base = snapshotOf(await buildStack("production"));
            const edited = await buildStack("production", {
                editConfig: (values) => {
                    editSection("postgres", (p) => (p.instanceClass = "db.r6g.2xlarge"))(values);
                    editSection("services", (s) => (s.monolith.maxCount = 20))(values);
                },
                secretConfig: { [LICENSE_KEY]: NEW_KEY },
            });
            context = changeContext("production", "main", base, snapshotOf(edited));
            reverse = changeContext("production", "the edit", context.head, base);
        });

        it("the cost delta: the maximum rises with the maximum count, the minimum stays; reversed, it falls", () => {
            const [before, after] = [estimateOf(context.base)!, estimateOf(context.head)!];
            expect(after.total.max).to.be.above(before.total.max);
            expect(after.total.min).to.equal(before.total.min);
            const out = renderText(changeReview(context));
            expect(out).to.match(/^Cost delta \(monthly estimate\)$/m);
            expect(out).to.match(new RegExp(`^Difference: \\$0\\.00 / \\+${MONEY} a month`, "m"));
            expect(out).to.match(new RegExp(`^hse-production-monolith-service .*2-10 tasks.*2-20 tasks\\) +\\$0\\.00 / \\+${MONEY}$`, "m"));
            // The RDS class is unpriced on both sides: no line for it, and none for anything unchanged.
            expect(out).to.not.match(/^hse-production-postgres-instance .*\$0\.00 \/ /m);
            expect(renderText(changeReview(reverse))).to.match(new RegExp(`^Difference: \\$0\\.00 / -${MONEY} a month`, "m"));
        });

        it("the Markdown diagram marks the RDS node changed (showing its new class), and the monolith's scaling", () => {
            const model = changeDiagram(context.head.resources, context.changes);
            const rds = model.nodes.find((n) => n.urns.some((u) => context.head.resources.find((r) => r.urn === u)?.type === RDS))!;
            expect(rds.status).to.equal("changed");
            const md = renderMarkdown(changeReview(context));
            const classLine = /^ {4}class (\S+) changed$/m.exec(md);
            expect(classLine, "a class line for changed nodes").to.not.equal(null);
            expect(classLine![1].split(",")).to.include(rds.id);
            // The monolith's scaling component holds the scaling target whose maxCapacity changed.
            const scaling = model.nodes.find((n) => n.urns.some((u) => u.endsWith("::hse-production-monolith-scaling-target")))!;
            expect(classLine![1].split(",")).to.include(scaling.id);
            // The node shows the class after the change.
            const mermaid = /```mermaid\n([\s\S]*?)```/.exec(md)![1];
            expect(mermaid).to.match(new RegExp(`${rds.id}\\b.*db\\.r6g\\.2xlarge`));
            const untouched = model.nodes.find((n) => n.title === "ALB")!;
            expect(classLine![1].split(",")).to.not.include(untouched.id);
        });

        it("no secret value in any output: the licence key and its stand-in", async () => {
            const outputs = [text, markdown, renderText(changeReview(context)), renderMarkdown(changeReview(context)), renderMarkdown(changeReview(reverse))];
            outputs.push((await runReview(["staging", "--against", "production", "--format", "markdown"])).text);
            for (const output of outputs) {
                expect(output).to.not.include(STAND_IN);
                expect(output).to.not.include(NEW_KEY);
            }
            expect(renderText(changeReview(context))).to.match(/\[secret\] changed/);
        });
    });
});
