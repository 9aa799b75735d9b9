import { parseXML } from "@aws-sdk/xml-builder";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { buildStack, DeclaredResource } from "../../offline/build";
import { ChangeOp, diagramOf, DiagramModel, toDot, toMermaid, toSvg } from "../../review/diagram";
import { runDiagram } from "../../review/diagram-cli";
import { tempDir } from "../support/temp-dir";

const STACKS = ["dev", "staging", "production"] as const;

interface MermaidGraph {
    /** Node id -> label (entity codes left as written). */
    readonly nodes: Map<string, string>;
    /** Subgraph titles in order. */
    readonly subgraphs: string[];
    readonly edges: { from: string; arrow: string; label: string; to: string }[];
    /** Status class -> node ids. */
    readonly classes: Map<string, string[]>;
}

/**
 * A small reader of the flowchart text toMermaid writes: every line must be one of the forms it
 * knows, subgraphs must close, ids must be [A-Za-z0-9_] and defined once. Anything else throws.
 */
function readMermaid(text: string): MermaidGraph {
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).to.equal("flowchart LR");
    const graph: MermaidGraph = { nodes: new Map(), subgraphs: [], edges: [], classes: new Map() };
    let depth = 0;
    for (const line of lines.slice(1).map((l) => l.trim())) {
        let m: RegExpExecArray | null;
        if ((m = /^subgraph ([A-Za-z0-9_]+)\["([^"]*)"\]$/.exec(line))) {
            expect(depth, `nested subgraph ${line}`).to.equal(0);
            depth++;
            graph.subgraphs.push(m[2]);
            expect(graph.nodes.has(m[1]), `subgraph id ${m[1]} reused`).to.equal(false);
            graph.nodes.set(m[1], m[2]);
        } else if (line === "end") {
            depth--;
            expect(depth, "end without subgraph").to.equal(0);
        } else if ((m = /^([A-Za-z0-9_]+)(\(\(|\[\(|\(|\[)"([^"]*)"(\)\)|\)\]|\)|\])(:::[a-z]+)?$/.exec(line))) {
            expect(graph.nodes.has(m[1]), `node id ${m[1]} defined twice`).to.equal(false);
            graph.nodes.set(m[1], m[3]);
        } else if ((m = /^([A-Za-z0-9_]+) (==>|-\.->|-\.-)(?:\|"([^"]*)"\|)? ([A-Za-z0-9_]+)$/.exec(line))) {
            graph.edges.push({ from: m[1], arrow: m[2], label: m[3] ?? "", to: m[4] });
        } else if (/^classDef ([a-z]+) [a-z-]+:[^ ]+(?: [0-9]+)?$/.test(line)) {
            // A style line; checked through the class assignments.
        } else if ((m = /^class ([A-Za-z0-9_,]+) ([a-z]+)$/.exec(line))) {
            graph.classes.set(m[2], m[1].split(","));
        } else {
            throw new Error(`unexpected Mermaid line: ${line}`);
        }
    }
    expect(depth, "unclosed subgraph").to.equal(0);
    for (const edge of graph.edges) expect([graph.nodes.has(edge.from), graph.nodes.has(edge.to)], `edge ${edge.from} -> ${edge.to}`).to.deep.equal([true, true]);
    for (const ids of graph.classes.values()) for (const id of ids) expect(graph.nodes.has(id), `class on unknown ${id}`).to.equal(true);
    return graph;
}

/** The one node whose label starts with `title` and, when given, names `name`. */
function nodeId(graph: MermaidGraph, title: string, name?: string): string {
    const found = [...graph.nodes].filter(([, label]) => label.startsWith(title) && (name === undefined || label.split("<br/>").includes(name)));
    expect(found.map(([id]) => id), `nodes titled ${title} ${name ?? ""}`).to.have.lengthOf(1);
    return found[0][0];
}

function requestEdge(graph: MermaidGraph, from: string, to: string): boolean {
    return graph.edges.some((e) => e.from === from && e.to === to && e.arrow === "==>");
}

/** The tiers of the components declared straight under the stack, read independently of the code under test. */
function topLevelTiers(resources: readonly DeclaredResource[]): string[] {
    const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack")!;
    return [...new Set(resources.filter((r) => r.parentUrn === stack.urn && !r.custom).map((r) => r.type.split(":")[1]))];
}

/** Every `<g class="cluster">` title in an SVG Graphviz wrote. */
function svgClusters(svg: string): string[] {
    const titles: string[] = [];
    const walk = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (node === null || typeof node !== "object") return;
        const element = node as Record<string, unknown>;
        if (element.class === "cluster") titles.push(String(element.title));
        Object.values(element).forEach(walk);
    };
    walk(parseXML(svg));
    return titles;
}

/** Strings held in secret inputs: none may show in a picture. */
function secretStrings(resources: readonly DeclaredResource[]): string[] {
    const found: string[] = [];
    const collect = (value: unknown, secret: boolean): void => {
        if (typeof value === "string" && secret && value.length >= 8) found.push(value);
        else if (Array.isArray(value)) value.forEach((v) => collect(v, secret));
        else if (value && typeof value === "object") {
            const object = value as Record<string, unknown>;
            const isSecret = object[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;
            Object.values(object).forEach((v) => collect(v, secret || isSecret));
        }
    };
    resources.forEach((r) => collect(r.inputs, false));
    return found;
}

function fakeResource(type: string, name: string, parent: DeclaredResource | undefined, custom: boolean, inputs: Record<string, unknown> = {}): DeclaredResource {
    const urn = `urn:pulumi:test::hse-platform::${parent && parent.type !== "pulumi:pulumi:Stack" ? `${parent.type}$` : ""}${type}::${name}`;
    return { urn, type, name, parentUrn: parent?.urn, custom, provider: "", inputs, protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [], dependencies: [], aliasUrns: [] };
}

describe("review diagram", () => {
    for (const stack of STACKS) {
        describe(stack, () => {
            let resources: readonly DeclaredResource[];
            let model: DiagramModel;
            let graph: MermaidGraph;
            before(async () => {
                resources = (await buildStack(stack)).resources;
                model = diagramOf(resources);
                graph = readMermaid(toMermaid(model));
            });

            it("is sane Mermaid with a subgraph for every tier of the stack's components", () => {
                const tiers = topLevelTiers(resources);
                expect(tiers).to.include.members(["keys", "network", "data", "secrets", "edge", "compute"]);
                expect(graph.subgraphs).to.have.members(tiers.map((t) => `${t} tier`));
                expect([...graph.nodes.keys()].every((id) => /^[A-Za-z0-9_]+$/.test(id))).to.equal(true);
                // Readable: a node per component and key resource, not one per declared resource.
                expect(model.nodes.length).to.be.within(15, 45);
                expect(resources.length).to.be.above(200);
            });

            it("draws the request path of seed 10.1: (CloudFront ->) ALB -> services -> data", () => {
                const alb = nodeId(graph, "ALB");
                const monolith = nodeId(graph, "ECS service", "monolith-service");
                const devices = nodeId(graph, "ECS service", "devices-service");
                if (stack === "dev") {
                    // Dev has no CloudFront: its ALB is the public entry.
                    expect([...graph.nodes.values()].some((label) => label.startsWith("CloudFront"))).to.equal(false);
                    expect(requestEdge(graph, "internet", alb)).to.equal(true);
                } else {
                    const cdn = nodeId(graph, "CloudFront distribution");
                    expect([requestEdge(graph, "internet", cdn), requestEdge(graph, cdn, alb), requestEdge(graph, "internet", alb)]).to.deep.equal([true, true, false]);
                    expect(graph.edges.some((e) => e.from === nodeId(graph, "WAF web ACL") && e.to === cdn && e.arrow === "-.->")).to.equal(true);
                }
                expect([requestEdge(graph, alb, monolith), requestEdge(graph, alb, devices)]).to.deep.equal([true, true]);
                const nlb = nodeId(graph, "NLB");
                // The NLB forwards device traffic to the devices service only (its target group), not to the monolith.
                expect([requestEdge(graph, "internet", nlb), requestEdge(graph, nlb, devices), requestEdge(graph, nlb, monolith)]).to.deep.equal([true, true, false]);
                // Each service reaches the stores whose secrets it reads, and no other (decision 0039).
                const stores: [string, Record<string, string | undefined>][] = [
                    [monolith, { "RDS instance": "5432", "ElastiCache replication group": "6379", "EC2 instance (TimescaleInstance)": undefined }],
                    [devices, { "RDS instance": undefined, "ElastiCache replication group": "6379", "EC2 instance (TimescaleInstance)": "5432" }],
                ];
                for (const [service, reached] of stores) {
                    for (const [title, port] of Object.entries(reached)) {
                        const data = nodeId(graph, title);
                        expect(graph.edges.find((e) => e.from === service && e.to === data && e.arrow === "==>")?.label, `${service} -> ${title}`).to.equal(port);
                    }
                    expect(graph.edges.some((e) => e.from === service && e.to === nodeId(graph, "Secrets Manager secrets") && e.arrow === "-.->")).to.equal(true);
                }
                // Data stores receive requests; they send none back into the path.
                expect(graph.edges.some((e) => e.from === nodeId(graph, "RDS instance") && e.arrow === "==>")).to.equal(false);
            });

            it("folds listeners and target groups into their load balancer and shows no secret input", () => {
                const alb = model.nodes.find((n) => n.title === "ALB")!;
                const types = alb.urns.map((u) => resources.find((r) => r.urn === u)!.type);
                expect(types).to.include.members(["aws:lb/loadBalancer:LoadBalancer", "aws:lb/listener:Listener", "aws:lb/targetGroup:TargetGroup", "hse:edge:ApplicationLoadBalancer"]);
                const secrets = secretStrings(resources);
                expect(secrets.length).to.be.above(0);
                const texts = [toMermaid(model), toDot(model)];
                expect(secrets.filter((s) => texts.some((t) => t.includes(s)))).to.deep.equal([]);
            });

            it("renders an SVG that parses as XML, with one cluster per tier", async () => {
                const svg = await toSvg(model);
                expect(svgClusters(svg)).to.have.members(model.groups.map((g) => `cluster_${g.id}`));
                expect(svgClusters(svg)).to.have.lengthOf(topLevelTiers(resources).length);
                expect(svg).to.include("RDS instance");
                expect(svg.includes("CloudFront distribution")).to.equal(stack !== "dev");
            });
        });
    }

    describe("changes", () => {
        let resources: readonly DeclaredResource[];
        before(async () => {
            resources = (await buildStack("production")).resources;
        });
        const urnOf = (type: string, name?: string) => resources.find((r) => r.type === type && (name === undefined || r.name.includes(name)))!.urn;

        it("marks created, changed, replaced and deleted nodes with their classes, and draws the legend", () => {
            const nlbTree = new Set<string>([urnOf("hse:edge:NetworkLoadBalancer")]);
            for (const r of resources) if (r.parentUrn && nlbTree.has(r.parentUrn)) nlbTree.add(r.urn);
            const kept = resources.filter((r) => !nlbTree.has(r.urn));
            const removed = resources.filter((r) => nlbTree.has(r.urn));
            const changes = new Map<string, ChangeOp>([
                [urnOf("aws:rds/instance:Instance"), "update"],
                [urnOf("aws:ecs/service:Service", "monolith"), "replace"],
                [urnOf("aws:ecs/service:Service", "devices"), "update"],
                // A listener is folded into its ALB: changing it changes the ALB's node.
                [urnOf("aws:lb/listener:Listener", "alb-https"), "update"],
                ...resources.filter((r) => r.urn.includes("hse:edge:WebAcl")).map((r) => [r.urn, "create"] as [string, ChangeOp]),
            ]);
            const graph = readMermaid(toMermaid(diagramOf(kept, changes, removed)));
            expect(graph.classes.get("changed")).to.have.members([nodeId(graph, "RDS instance"), nodeId(graph, "ECS service", "devices-service"), nodeId(graph, "ALB")]);
            expect(graph.classes.get("replaced")).to.deep.equal([nodeId(graph, "ECS service", "monolith-service")]);
            expect(graph.classes.get("created")).to.deep.equal([nodeId(graph, "WAF web ACL")]);
            expect(graph.classes.get("deleted")).to.deep.equal([nodeId(graph, "NLB")]);
            expect([...graph.nodes].filter(([id]) => id.startsWith("legend_")).map(([, label]) => label)).to.deep.equal(["created", "changed (updated in place)", "replaced", "deleted"]);
            expect(graph.subgraphs).to.include("Legend");
        });

        it("draws no change colour and no legend for a stack on its own", () => {
            const graph = readMermaid(toMermaid(diagramOf(resources)));
            expect([...graph.classes.keys()]).to.deep.equal([]);
            expect(graph.subgraphs).not.to.include("Legend");
        });
    });

    describe("a tier the code does not know", () => {
        const stack = fakeResource("pulumi:pulumi:Stack", "hse-platform-test", undefined, false);
        const thing = fakeResource("hse:newtier:Thing", "hse-test-thing", stack, false);
        const odd = fakeResource("hse:odd-tier:Strange", 'hse-test-a"b#c;<d>&e/f:g end', stack, false);
        const resources = [
            stack,
            thing,
            fakeResource("aws:s3/bucket:Bucket", "hse-test-thing-bucket", thing, true),
            odd,
            fakeResource("aws:sqs/queue:Queue", "hse-test-odd-queue", odd, true),
        ];

        it("gets a group of its own, in Mermaid and in the SVG", async () => {
            const model = diagramOf(resources, new Map([[resources[2].urn, "create"]]));
            expect(model.groups.map((g) => g.tier)).to.deep.equal(["newtier", "odd-tier"]);
            const graph = readMermaid(toMermaid(model));
            expect(graph.subgraphs).to.include.members(["newtier tier", "odd-tier tier"]);
            // The bucket is folded into its component, whose node is then changed.
            expect(graph.classes.get("changed")).to.deep.equal([nodeId(graph, "Thing")]);
            const svg = await toSvg(model);
            expect(svgClusters(svg)).to.have.members(["cluster_tier_newtier", "cluster_tier_odd_tier", "cluster_legend"]);
        });

        it("escapes names with quotes, #, ;, <, & for both syntaxes", async () => {
            const model = diagramOf(resources);
            const mermaid = toMermaid(model);
            const graph = readMermaid(mermaid);
            const label = graph.nodes.get(nodeId(graph, "Strange"))!;
            const decoded = label.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
            expect(decoded.split("<br/>")).to.deep.equal(["Strange", 'a"b#c;<d>&e/f:g end']);
            expect(label.replace(/<br\/>/g, "")).not.to.match(/["<>&]/);
            const svg = await toSvg(model);
            expect(svg).to.include("a&quot;b#c;&lt;d&gt;&amp;e/f:g end");
        });
    });

    describe("npm run diagram", () => {
        it("refuses a bad flag, an unknown stack and an --out that is not an SVG, naming what is allowed", async () => {
            const results = await Promise.all([["dev", "--colour"], ["nowhere"], ["dev", "--out", "picture.png"], []].map((argv) => runDiagram(argv)));
            expect(results.map((r) => r.exitCode)).to.deep.equal([2, 2, 2, 2]);
            expect(results[0].text).to.include("--colour").and.to.include("allowed: --out <file.svg>, --mermaid");
            expect(results[1].text).to.equal('unknown stack "nowhere"; stacks: dev, production, staging');
            expect(results[2].text).to.equal('--out must name an .svg file, got "picture.png"');
            expect(results[3].text).to.include("usage: npm run diagram -- <stack>");
        });

        it("writes the SVG and prints the Mermaid block", async () => {
            const out = path.join(tempDir("diagram"), "staging.svg");
            const result = await runDiagram(["staging", "--out", out, "--mermaid"]);
            expect(result.exitCode).to.equal(0);
            expect(result.text.startsWith("```mermaid\nflowchart LR\n")).to.equal(true);
            expect(result.text).to.include(`Wrote the diagram of stack "staging" to ${out}`);
            expect(svgClusters(fs.readFileSync(out, "utf8")).length).to.equal(8);
        });
    });
});
