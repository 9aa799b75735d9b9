// Nothing stateful is reachable from the internet: databases not public, buckets behind a full
// public access block, instances without public addresses, and ingress from anywhere only on the
// load balancers, on the ports they listen on (decision 0005, the security group matrix).
import { asArray, ResourceRule, StackRule, StackSubject, StackViolation } from "./rule";

export const rdsNotPublic: ResourceRule = {
    name: "rds-not-public",
    description: "RDS instances are not publicly accessible.",
    types: ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"],
    check: ({ props }) => (props.publiclyAccessible === true ? ["publiclyAccessible must be false"] : []),
};

export const noPublicAddresses: ResourceRule = {
    name: "no-public-addresses",
    description: "Instances get no public IPv4 address and no subnet hands one out on launch.",
    types: ["aws:ec2/instance:Instance", "aws:ec2/subnet:Subnet"],
    check: ({ type, props }) => {
        if (type === "aws:ec2/subnet:Subnet") return props.mapPublicIpOnLaunch === true ? ["mapPublicIpOnLaunch must be false"] : [];
        return props.associatePublicIpAddress === true ? ["associatePublicIpAddress must be false"] : [];
    },
};

const S3_BUCKET = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
const SSE_ALGORITHMS = ["aws:kms", "aws:kms:dsse", "AES256"];

/** The resources of `type` whose input `input` came from `target` (a bucket's id, a group's id). */
function pointingAt(resources: readonly StackSubject[], type: string, input: string, target: StackSubject): StackSubject[] {
    return resources.filter((r) => r.type === type && (r.propertyDependencies[input] ?? []).some((d) => d.urn === target.urn));
}

export const bucketsPrivateAndEncrypted: StackRule = {
    name: "s3-private-and-encrypted",
    description: "Every S3 bucket has a public access block with all four settings true and default server-side encryption.",
    check: (resources) => resources.filter((r) => S3_BUCKET.includes(r.type)).flatMap((bucket): StackViolation[] => {
        const blocks = pointingAt(resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "bucket", bucket);
        const fullBlock = blocks.some((b) => BLOCK_FLAGS.every((f) => b.props[f] === true));
        const sse = [
            ...pointingAt(resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "bucket", bucket),
            ...pointingAt(resources, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "bucket", bucket),
        ];
        const encrypted = sse.some((c) => asArray(c.props.rules as any[]).some((rule) => SSE_ALGORITHMS.includes(rule.applyServerSideEncryptionByDefault?.sseAlgorithm)));
        return [
            ...(fullBlock ? [] : [{ urn: bucket.urn, message: `bucket ${bucket.name} has no public access block with ${BLOCK_FLAGS.join(", ")} all true` }]),
            ...(encrypted ? [] : [{ urn: bucket.urn, message: `bucket ${bucket.name} has no default server-side encryption (${SSE_ALGORITHMS.join(", ")})` }]),
        ];
    }),
};

const ANYWHERE = ["0.0.0.0/0", "::/0"];
/** The ports an application load balancer serves the internet on: HTTP (redirect only) and HTTPS. */
const ALB_PUBLIC_PORTS = [80, 443];

interface WorldIngress {
    readonly rule: StackSubject;
    readonly group?: StackSubject;
    readonly protocol: string;
    readonly fromPort: number;
    readonly toPort: number;
}

/** Ingress from anywhere, as standalone rules or inline in a security group. */
function worldIngress(resources: readonly StackSubject[]): WorldIngress[] {
    return resources.flatMap((r): WorldIngress[] => {
        if (r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
            if (!ANYWHERE.includes(r.props.cidrIpv4) && !ANYWHERE.includes(r.props.cidrIpv6)) return [];
            return [{ rule: r, group: r.propertyDependencies.securityGroupId?.[0], protocol: String(r.props.ipProtocol), fromPort: r.props.fromPort, toPort: r.props.toPort }];
        }
        if (r.type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
            const open = [...asArray(r.props.cidrBlocks), ...asArray(r.props.ipv6CidrBlocks)].some((c) => ANYWHERE.includes(c as string));
            if (r.props.type !== "ingress" || !open) return [];
            return [{ rule: r, group: r.propertyDependencies.securityGroupId?.[0], protocol: String(r.props.protocol), fromPort: r.props.fromPort, toPort: r.props.toPort }];
        }
        if (r.type === "aws:ec2/securityGroup:SecurityGroup") {
            return asArray(r.props.ingress as any[])
                .filter((i) => [...asArray(i.cidrBlocks), ...asArray(i.ipv6CidrBlocks)].some((c) => ANYWHERE.includes(c as string)))
                .map((i) => ({ rule: r, group: r, protocol: String(i.protocol), fromPort: i.fromPort, toPort: i.toPort }));
        }
        return [];
    });
}

/** The ports the load balancers using `group` listen on to the internet. */
function publicPorts(resources: readonly StackSubject[], group: StackSubject): number[] {
    const balancers = resources.filter((r) => r.type === "aws:lb/loadBalancer:LoadBalancer" && r.props.internal !== true
        && (r.propertyDependencies.securityGroups ?? []).some((g) => g.urn === group.urn));
    return balancers.flatMap((lb) => lb.props.loadBalancerType === "network"
        ? pointingAt(resources, "aws:lb/listener:Listener", "loadBalancerArn", lb).map((l) => Number(l.props.port))
        : ALB_PUBLIC_PORTS);
}

export const worldIngressOnlyOnLoadBalancers: StackRule = {
    name: "world-ingress-only-on-load-balancers",
    description: "Ingress from 0.0.0.0/0 or ::/0 only into an internet-facing load balancer's security group, TCP, one port it listens on (ALB 80/443, NLB its listener ports).",
    check: (resources) => worldIngress(resources).flatMap(({ rule, group, protocol, fromPort, toPort }): StackViolation[] => {
        const allowed = group ? publicPorts(resources, group) : [];
        const ok = protocol === "tcp" && fromPort === toPort && allowed.includes(fromPort);
        if (ok) return [];
        const where = group ? `security group ${group.name}` : "a security group no load balancer uses";
        return [{ urn: rule.urn, message: `${rule.name} opens ${protocol} ${fromPort}-${toPort} to the internet on ${where}; allowed there: ${allowed.length ? allowed.join(", ") : "nothing"}` }];
    }),
};

export const PUBLIC_ACCESS_RESOURCE_RULES = [rdsNotPublic, noPublicAddresses];
export const PUBLIC_ACCESS_STACK_RULES = [bucketsPrivateAndEncrypted, worldIngressOnlyOnLoadBalancers];
