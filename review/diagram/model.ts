// The picture of a stack as data: nodes grouped by tier, and the edges between them. Built from
// the declared resources alone (the recording the offline plan uses), so a tier added later shows
// up with no change here: the tier is read from the component type token `hse:<tier>:<Component>`.
// One node per top-level component, plus the resources a reader looks for on the request path of
// seed 002 section 10.1 (CloudFront -> ALB/NLB -> services -> data); every other resource is
// folded into the node of the component it belongs to, so a change to it still marks that node.
import * as pulumi from "@pulumi/pulumi";
import type { DeclaredResource } from "../../offline/recorder";

export type ChangeOp = "create" | "update" | "replace" | "delete";
export type NodeStatus = "created" | "changed" | "replaced" | "deleted" | "unchanged";

/** What the reader sees an arrow as: the way a request travels, a use (reads, filters), or ownership. */
export type EdgeKind = "request" | "uses" | "tree";

export interface DiagramNode {
    /** [A-Za-z0-9_] only, so both Mermaid and DOT take it as it is. */
    readonly id: string;
    /** The tier group the node is drawn in; undefined for the outside world (Internet). */
    readonly tier: string | undefined;
    /** What the node is ("ALB", "ECS service", or the component's type name). */
    readonly title: string;
    /** Lines under the title: the short name, sizes. */
    readonly details: readonly string[];
    readonly kind: string;
    readonly status: NodeStatus;
    /** Every resource the node stands for (its own and the ones folded into it). */
    readonly urns: readonly string[];
}

export interface DiagramEdge {
    readonly from: string;
    readonly to: string;
    readonly kind: EdgeKind;
    /** Ports for a request edge ("443", "5432"), a verb for a use; may be empty. */
    readonly label: string;
}

export interface DiagramGroup {
    readonly tier: string;
    /** [A-Za-z0-9_] only. */
    readonly id: string;
    readonly nodeIds: readonly string[];
}

export interface DiagramModel {
    readonly groups: readonly DiagramGroup[];
    /** All nodes, in declaration order (the Internet node first when there is one). */
    readonly nodes: readonly DiagramNode[];
    readonly edges: readonly DiagramEdge[];
    /** Whether a change set was given: the renderers then draw the legend of the change colours. */
    readonly showsChanges: boolean;
}

interface KeyKind {
    readonly type: string;
    readonly kind: string;
    /** One node per tier for all resources of the type (secrets, keys, NAT gateways). */
    readonly grouped?: boolean;
    /** Part of the request path: wears security groups, receives and sends requests. */
    readonly onPath?: boolean;
    /** Say which component it is (an EC2 instance alone says little: a TimescaleInstance says what). */
    readonly namesComponent?: boolean;
    title(resource: DeclaredResource): string;
    details?(resource: DeclaredResource): string[];
}

/** A scalar input as text; objects and absent values as undefined (they have no short text). */
function scalar(value: unknown): string | undefined {
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}
const text = (value: unknown): string[] => (scalar(value) ? [scalar(value)!] : []);

/**
 * The resources that get a node of their own, in the order a component holding several is drawn
 * as (its first match names it). Listeners, target groups, rules and everything else are folded
 * into the node of the component they belong to.
 */
const KEY_KINDS: readonly KeyKind[] = [
    { type: "aws:cloudfront/distribution:Distribution", kind: "cdn", onPath: true, title: () => "CloudFront distribution" },
    { type: "aws:wafv2/webAcl:WebAcl", kind: "waf", title: (r) => `WAF web ACL${r.inputs.scope ? ` (${String(r.inputs.scope)})` : ""}` },
    {
        type: "aws:lb/loadBalancer:LoadBalancer",
        kind: "lb",
        onPath: true,
        title: (r) => (r.inputs.loadBalancerType === "network" ? "NLB" : r.inputs.loadBalancerType === "gateway" ? "Gateway LB" : "ALB"),
        details: (r) => (r.inputs.internal === true ? ["internal"] : []),
    },
    { type: "aws:ecs/service:Service", kind: "service", onPath: true, title: () => "ECS service", details: (r) => text(r.inputs.launchType) },
    { type: "aws:eks/cluster:Cluster", kind: "eks", onPath: true, title: () => "EKS cluster", details: (r) => text(r.inputs.version) },
    {
        type: "aws:rds/instance:Instance",
        kind: "rds",
        onPath: true,
        title: () => "RDS instance",
        details: (r) => [[r.inputs.engine, r.inputs.engineVersion].filter(Boolean).join(" "), [r.inputs.instanceClass, r.inputs.multiAz === true ? "Multi-AZ" : ""].filter(Boolean).join(", ")].filter(Boolean),
    },
    {
        type: "aws:elasticache/replicationGroup:ReplicationGroup",
        kind: "cache",
        onPath: true,
        title: () => "ElastiCache replication group",
        details: (r) => [[r.inputs.engine, r.inputs.nodeType].filter(Boolean).join(", ")].filter(Boolean),
    },
    { type: "aws:ec2/instance:Instance", kind: "instance", onPath: true, namesComponent: true, title: () => "EC2 instance", details: (r) => text(r.inputs.instanceType) },
    { type: "aws:ec2/vpc:Vpc", kind: "vpc", title: () => "VPC", details: (r) => text(r.inputs.cidrBlock) },
    { type: "aws:ec2/natGateway:NatGateway", kind: "nat", grouped: true, title: () => "NAT gateways" },
    { type: "aws:secretsmanager/secret:Secret", kind: "secrets", grouped: true, title: () => "Secrets Manager secrets" },
    { type: "aws:kms/key:Key", kind: "kms", grouped: true, title: () => "KMS keys" },
];
const KEY_BY_TYPE = new Map(KEY_KINDS.map((k, i) => [k.type, { ...k, priority: i }]));

/** `hse:<tier>:<Component>`: any three-part component token outside Pulumi's own. */
const COMPONENT_TOKEN = /^([^:]+):([^:]+):([^:]+)$/;

export function tierOfType(type: string): string | undefined {
    const match = COMPONENT_TOKEN.exec(type);
    return match && match[1] !== "pulumi" ? match[2] : undefined;
}

/** Names of the component type ("ApplicationLoadBalancer" of `hse:edge:ApplicationLoadBalancer`). */
function componentName(type: string): string {
    return COMPONENT_TOKEN.exec(type)?.[3] ?? type;
}

const isSkipped = (r: DeclaredResource): boolean => r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:");

interface IngressRule {
    /** The group the rule lets traffic into. */
    readonly target?: string;
    /** The group the traffic comes from, when it is one. */
    readonly source?: string;
    /** Open to the whole internet (0.0.0.0/0 or ::/0). */
    readonly open: boolean;
    readonly port: string;
}

function portText(from: unknown, to: unknown): string {
    const [low, high] = [scalar(from), scalar(to)];
    if (low === undefined || low === "-1") return "all";
    return high === undefined || high === low ? low : `${low}-${high}`;
}

/** Security-group rules the request edges are read from (the current and the classic resource). */
const INGRESS_RULES: Readonly<Record<string, (inputs: Record<string, unknown>) => IngressRule>> = {
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (i) => ({
        target: scalar(i.securityGroupId),
        source: scalar(i.referencedSecurityGroupId),
        open: i.cidrIpv4 === "0.0.0.0/0" || i.cidrIpv6 === "::/0",
        port: portText(i.fromPort, i.toPort),
    }),
    "aws:ec2/securityGroupRule:SecurityGroupRule": (i) => ({
        target: i.type === "ingress" ? scalar(i.securityGroupId) : undefined,
        source: scalar(i.sourceSecurityGroupId),
        open: (Array.isArray(i.cidrBlocks) && i.cidrBlocks.includes("0.0.0.0/0")) || (Array.isArray(i.ipv6CidrBlocks) && i.ipv6CidrBlocks.includes("::/0")),
        port: portText(i.fromPort, i.toPort),
    }),
};

export const INTERNET_ID = "internet";

/** The value inside Pulumi's secret marker (inputs keep it, as the engine receives them). */
function unwrapSecret(value: unknown): unknown {
    const marker = value as Record<string, unknown> | undefined;
    return marker && typeof marker === "object" && marker[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig ? marker.value : value;
}

/** Turns any text into an id Mermaid and DOT both take: letters, digits, underscores, and never a keyword. */
export function safeId(prefix: string, text: string): string {
    return `${prefix}_${text.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "")}`;
}

/** The "hse-production-" every top-level name starts with, dropped from labels to keep them short. */
function commonPrefix(names: readonly string[]): string {
    if (names.length < 2) return "";
    let prefix = names[0];
    for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
    return prefix.slice(0, prefix.lastIndexOf("-") + 1);
}

class Builder {
    private readonly byUrn = new Map<string, DeclaredResource>();
    private readonly children = new Map<string, DeclaredResource[]>();
    private readonly owners = new Map<string, string | undefined>();
    private readonly subtreeKeys = new Map<string, Set<string>>();
    private readonly nodeInfo = new Map<string, { tier: string | undefined; title: string; details: string[]; kind: string; urns: string[] }>();
    private readonly edges = new Map<string, { from: string; to: string; kind: EdgeKind; labels: Set<string> }>();
    private readonly prefix: string;

    constructor(
        private readonly all: readonly DeclaredResource[],
        private readonly opOf: (r: DeclaredResource) => ChangeOp | undefined,
    ) {
        for (const r of all) {
            this.byUrn.set(r.urn, r);
            if (r.parentUrn) this.children.set(r.parentUrn, [...(this.children.get(r.parentUrn) ?? []), r]);
        }
        this.prefix = commonPrefix(all.filter((r) => this.isTopLevel(r)).map((r) => r.name));
        // Children come after their parents in declaration order: walking backwards sees them first.
        for (const r of [...all].reverse()) {
            const keys = new Set<string>();
            const own = this.keyIdentity(r);
            if (own) keys.add(own);
            for (const child of this.children.get(r.urn) ?? []) for (const k of this.subtreeKeys.get(child.urn) ?? []) keys.add(k);
            this.subtreeKeys.set(r.urn, keys);
        }
    }

    private parentOf(r: DeclaredResource): DeclaredResource | undefined {
        return r.parentUrn ? this.byUrn.get(r.parentUrn) : undefined;
    }

    private isTopLevel(r: DeclaredResource): boolean {
        const parent = this.parentOf(r);
        return !isSkipped(r) && (parent === undefined || parent.type === "pulumi:pulumi:Stack");
    }

    /** The tier of the nearest component (itself included) with a tier token. */
    tierOf(r: DeclaredResource): string | undefined {
        for (let at: DeclaredResource | undefined = r; at; at = this.parentOf(at)) {
            if (!at.custom) {
                const tier = tierOfType(at.type);
                if (tier) return tier;
            }
        }
        return undefined;
    }

    /** The type name of the nearest component above a resource. */
    private componentOf(r: DeclaredResource): string {
        for (let at = this.parentOf(r); at; at = this.parentOf(at)) if (!at.custom && tierOfType(at.type)) return componentName(at.type);
        return "";
    }

    private keyIdentity(r: DeclaredResource): string | undefined {
        const key = KEY_BY_TYPE.get(r.type);
        if (!key) return undefined;
        return key.grouped ? `${key.kind}@${this.tierOf(r) ?? ""}` : `${key.kind}@${r.urn}`;
    }

    private static priority(identity: string): number {
        const kind = identity.slice(0, identity.indexOf("@"));
        return KEY_KINDS.findIndex((k) => k.kind === kind);
    }

    /**
     * The key node a component is drawn as: the first (by KEY_KINDS order) key resource of its
     * subtree. A top-level component only takes one of its own tier, so the data tier's
     * PostgresAppUser stays itself rather than becoming the secrets tier's "Secrets" box.
     */
    private mergeTarget(component: DeclaredResource): string | undefined {
        const tier = tierOfType(component.type);
        const candidates = [...(this.subtreeKeys.get(component.urn) ?? [])].filter((identity) => {
            if (!this.isTopLevel(component)) return true;
            const key = this.keyTier(identity);
            return key === tier;
        });
        candidates.sort((a, b) => Builder.priority(a) - Builder.priority(b));
        return candidates[0];
    }

    private keyTier(identity: string): string | undefined {
        const rest = identity.slice(identity.indexOf("@") + 1);
        const resource = this.byUrn.get(rest);
        return resource ? this.tierOf(resource) : rest;
    }

    /** The node a resource is drawn in (undefined for the stack and providers). */
    ownerOf(r: DeclaredResource): string | undefined {
        if (!this.owners.has(r.urn)) this.owners.set(r.urn, this.findOwner(r));
        return this.owners.get(r.urn);
    }

    private findOwner(r: DeclaredResource): string | undefined {
        if (isSkipped(r)) return undefined;
        if (KEY_BY_TYPE.has(r.type)) return this.keyIdentity(r);
        const merged = r.custom ? undefined : this.mergeTarget(r);
        if (merged) return merged;
        if (this.isTopLevel(r)) return `component@${r.urn}`;
        return this.ownerOf(this.parentOf(r)!);
    }

    private shortName(name: string): string {
        return name.startsWith(this.prefix) && name.length > this.prefix.length ? name.slice(this.prefix.length) : name;
    }

    /** Records that `r` is drawn in node `identity`, creating the node the first time. */
    private place(identity: string, r: DeclaredResource): void {
        let info = this.nodeInfo.get(identity);
        if (!info) {
            const [kind, rest] = [identity.slice(0, identity.indexOf("@")), identity.slice(identity.indexOf("@") + 1)];
            const key = KEY_KINDS.find((k) => k.kind === kind);
            const anchor = this.byUrn.get(rest);
            if (key && key.grouped) info = { tier: rest || undefined, title: key.title(r), details: [], kind, urns: [] };
            else if (key && anchor) info = { tier: this.tierOf(anchor), title: key.namesComponent ? `${key.title(anchor)} (${this.componentOf(anchor)})` : key.title(anchor), details: [this.shortName(anchor.name), ...(key.details?.(anchor) ?? [])], kind, urns: [] };
            else info = { tier: anchor ? this.tierOf(anchor) : undefined, title: anchor && !anchor.custom ? componentName(anchor.type) : (anchor?.type ?? kind), details: anchor ? [this.shortName(anchor.name)] : [], kind, urns: [] };
            this.nodeInfo.set(identity, info);
        }
        info.urns.push(r.urn);
    }

    private addEdge(from: string | undefined, to: string | undefined, kind: EdgeKind, label = ""): void {
        if (!from || !to || from === to) return;
        const key = `${from}|${to}|${kind}`;
        const edge = this.edges.get(key) ?? { from, to, kind, labels: new Set<string>() };
        if (label) edge.labels.add(label);
        this.edges.set(key, edge);
    }

    build(showsChanges: boolean): DiagramModel {
        for (const r of this.all) {
            const owner = this.ownerOf(r);
            if (owner) this.place(owner, r);
        }
        this.requestEdges();
        this.useEdges();
        this.treeEdges();
        return this.assemble(showsChanges);
    }

    private onPathOwner(r: DeclaredResource): string | undefined {
        const key = KEY_BY_TYPE.get(r.type);
        return key?.onPath ? this.ownerOf(r) : undefined;
    }

    /**
     * The path-kind nodes that wear a security group: the key resource names it in its inputs, or
     * a network interface it depends on does (an instance's groups may live on its interface).
     */
    private wearers(groupId: string): string[] {
        const quoted = JSON.stringify(groupId);
        const names = (r: DeclaredResource | undefined) => r !== undefined && JSON.stringify(r.inputs).includes(quoted);
        return [
            ...new Set(
                this.all
                    .filter((r) => this.onPathOwner(r) && (names(r) || r.dependencies.some((d) => this.byUrn.get(d)?.type === "aws:ec2/networkInterface:NetworkInterface" && names(this.byUrn.get(d)))))
                    .map((r) => this.onPathOwner(r)!),
            ),
        ];
    }

    private requestEdges(): void {
        for (const r of this.all) {
            const rule = INGRESS_RULES[r.type]?.(r.inputs);
            if (rule?.target !== undefined) {
                const port = rule.port;
                const targets = this.wearers(rule.target);
                const sources = rule.source !== undefined ? this.wearers(rule.source) : [];
                for (const to of targets) {
                    if (rule.open) this.addEdge(INTERNET_ID, to, "request", port);
                    // A load balancer reaches only the services registered in its target groups
                    // (below); that the group allows more does not make it a path.
                    for (const from of sources) if (!(from.startsWith("lb@") && to.startsWith("service@"))) this.addEdge(from, to, "request", port);
                }
            }
            const kind = KEY_BY_TYPE.get(r.type)?.kind;
            // CloudFront is public by nature; its origins are load balancers named directly or through a DNS record.
            if (kind === "cdn") {
                this.addEdge(INTERNET_ID, this.ownerOf(r), "request", "443");
                for (const lb of this.originsOf(r)) this.addEdge(this.ownerOf(r), this.ownerOf(lb), "request", "origin");
            }
            // A service registered in a load balancer's target group receives its requests, on the container port.
            if (kind === "service") {
                const targetGroups = r.dependencies.map((d) => this.byUrn.get(d)).filter((d) => d?.type === "aws:lb/targetGroup:TargetGroup");
                for (const entry of (r.inputs.loadBalancers ?? []) as { targetGroupArn?: unknown; containerPort?: unknown }[]) {
                    const group = targetGroups.find((g) => g!.outputs?.arn === entry.targetGroupArn);
                    if (group) this.addEdge(this.ownerOf(group), this.ownerOf(r), "request", scalar(entry.containerPort) ?? "");
                }
            }
        }
    }

    private originsOf(distribution: DeclaredResource): DeclaredResource[] {
        // The origins arrive wrapped as a secret (the origin-verify header is one); only their
        // domain names are read here, to match, and never printed.
        const origins = unwrapSecret(distribution.inputs.origins ?? []) as { domainName?: unknown }[];
        const lbs = this.all.filter((r) => r.type === "aws:lb/loadBalancer:LoadBalancer");
        return origins.flatMap((origin) => {
            const domain = (scalar(origin.domainName) ?? "").replace(/\.$/, "");
            const direct = lbs.filter((lb) => lb.outputs?.dnsName === domain);
            const records = this.all.filter((r) => r.type === "aws:route53/record:Record" && (scalar(r.inputs.name) ?? "").replace(/\.$/, "") === domain);
            const viaDns = records.flatMap((record) => lbs.filter((lb) => record.dependencies.includes(lb.urn)));
            return [...direct, ...viaDns];
        });
    }

    /** WAF in front of CloudFront, and the secrets a path node reads (found in its dependencies). */
    private useEdges(): void {
        for (const r of this.all) {
            const owner = this.ownerOf(r);
            if (!owner || !KEY_KINDS.some((k) => k.onPath && owner.startsWith(`${k.kind}@`))) continue;
            for (const dep of r.dependencies.map((d) => this.byUrn.get(d))) {
                const used = dep && this.ownerOf(dep);
                if (used?.startsWith("waf@") && owner.startsWith("cdn@")) this.addEdge(used, owner, "uses", "filters");
                if (used?.startsWith("secrets@")) this.addEdge(owner, used, "uses", "reads");
            }
        }
    }

    /** A resource drawn in another node than its parent's: the component tree across nodes. */
    private treeEdges(): void {
        for (const r of this.all) {
            const parent = this.parentOf(r);
            if (!parent || isSkipped(parent)) continue;
            const [from, to] = [this.ownerOf(parent), this.ownerOf(r)];
            if (from && to && !this.edges.has(`${from}|${to}|uses`) && !this.edges.has(`${to}|${from}|uses`)) this.addEdge(from, to, "tree");
        }
    }

    private statusOf(urns: readonly string[]): NodeStatus {
        const ops = urns.map((u) => this.opOf(this.byUrn.get(u)!));
        if (ops.every((op) => op === "create")) return "created";
        if (ops.every((op) => op === "delete")) return "deleted";
        if (ops.includes("replace")) return "replaced";
        return ops.some((op) => op !== undefined) ? "changed" : "unchanged";
    }

    private assemble(showsChanges: boolean): DiagramModel {
        const ids = new Map<string, string>();
        const taken = new Set<string>([INTERNET_ID]);
        for (const [identity, info] of this.nodeInfo) {
            const base = safeId("n", info.kind === "component" || info.details.length === 0 ? `${info.kind}_${info.tier ?? ""}_${info.details[0] ?? ""}` : `${info.kind}_${info.details[0]}`);
            let id = base;
            for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
            taken.add(id);
            ids.set(identity, id);
        }
        const nodes: DiagramNode[] = [];
        const edges = [...this.edges.values()].map((e) => ({ from: e.from === INTERNET_ID ? INTERNET_ID : ids.get(e.from)!, to: ids.get(e.to)!, kind: e.kind, label: [...e.labels].join(", ") }));
        if (edges.some((e) => e.from === INTERNET_ID)) nodes.push({ id: INTERNET_ID, tier: undefined, title: "Internet", details: [], kind: "internet", status: "unchanged", urns: [] });
        for (const [identity, info] of this.nodeInfo) {
            const details = KEY_KINDS.find((k) => k.kind === info.kind)?.grouped ? [`×${info.urns.filter((u) => this.byUrn.get(u)!.type === KEY_KINDS.find((k) => k.kind === info.kind)!.type).length}`] : info.details;
            nodes.push({ id: ids.get(identity)!, tier: info.tier, title: info.title, details, kind: info.kind, status: this.statusOf(info.urns), urns: info.urns });
        }
        const groups = new Map<string, string[]>();
        for (const node of nodes) if (node.tier !== undefined) groups.set(node.tier, [...(groups.get(node.tier) ?? []), node.id]);
        const groupIds = new Set<string>();
        const groupList = [...groups].map(([tier, nodeIds]) => {
            let id = safeId("tier", tier);
            for (let i = 2; groupIds.has(id); i++) id = `${safeId("tier", tier)}_${i}`;
            groupIds.add(id);
            return { tier, id, nodeIds };
        });
        // Nodes outside any tier (a resource declared straight under the stack) get a group of their own.
        const loose = nodes.filter((n) => n.tier === undefined && n.id !== INTERNET_ID).map((n) => n.id);
        if (loose.length > 0) groupList.push({ tier: "(no tier)", id: "tier_none", nodeIds: loose });
        return { groups: groupList, nodes, edges, showsChanges };
    }
}

/**
 * The diagram of a stack: `resources` as declared now, `changes` by URN (a pull request's plan),
 * and `deleted` the resources the change removes (declared before, not now), drawn so they show.
 */
export function diagramOf(
    resources: readonly DeclaredResource[],
    changes?: ReadonlyMap<string, ChangeOp>,
    deleted?: readonly DeclaredResource[],
): DiagramModel {
    const current = new Set(resources.map((r) => r.urn));
    const gone = (deleted ?? []).filter((r) => !current.has(r.urn));
    const goneUrns = new Set(gone.map((r) => r.urn));
    const opOf = (r: DeclaredResource): ChangeOp | undefined => changes?.get(r.urn) ?? (goneUrns.has(r.urn) ? "delete" : undefined);
    return new Builder([...resources, ...gone], opOf).build(changes !== undefined || deleted !== undefined);
}
