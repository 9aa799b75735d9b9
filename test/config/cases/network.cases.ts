// Invalid values of the network section.
import { editSection, InvalidCase, keyOf, setKey } from "../edit";

const net = keyOf("network");
const edit = (change: (n: Record<string, any>) => void) => editSection("network", change);
const zones3 = ["us-east-1a", "us-east-1b", "us-east-1c"];

export const NETWORK_CASES: InvalidCase[] = [
    { title: "missing network section", edit: setKey("network", undefined), key: "hse-platform:network", says: "is required" },
    { title: "network that is not an object", edit: setKey("network", "10.0.0.0/16"), key: "hse-platform:network", says: "must be a mapping" },
    { title: "VPC CIDR with host bits", edit: edit((n) => { n.vpcCidr = "10.0.0.1/16"; }), key: net("vpcCidr"), says: "no host bits" },
    { title: "VPC CIDR wider than /16", edit: edit((n) => { n.vpcCidr = "10.0.0.0/8"; }), key: net("vpcCidr"), says: "10.0.0.0/8 has prefix /8; AWS allows VPC CIDRs from /16 to /28" },
    { title: "one availability zone", edit: edit((n) => { n.availabilityZones = ["us-east-1a"]; }), key: net("availabilityZones"), says: "2 or 3" },
    { title: "four availability zones", edit: edit((n) => { n.availabilityZones = [...zones3, "us-east-1d"]; }), key: net("availabilityZones"), says: "2 or 3" },
    { title: "zones as one string, not a list", edit: edit((n) => { n.availabilityZones = "us-east-1a"; }), key: net("availabilityZones"), says: "must be a list of 2 or 3 availability zone names" },
    { title: "zone of another region", edit: edit((n) => { n.availabilityZones = ["us-east-1a", "us-west-2b"]; }), key: net("availabilityZones[1]"), says: "not a zone of region us-east-1" },
    { title: "the same zone twice", edit: edit((n) => { n.availabilityZones = ["us-east-1a", "us-east-1a"]; }), key: net("availabilityZones"), says: "lists us-east-1a more than once; each tier needs one subnet in each of 2 or 3 distinct zones" },
    { title: "malformed zone name", edit: edit((n) => { n.availabilityZones = ["us-east-1a", "east-1b"]; }), key: net("availabilityZones[1]"), says: "availability zone name" },
    { title: "more public subnets than zones", edit: edit((n) => { n.publicSubnetCidrs.push("10.0.3.0/24"); }), key: net("publicSubnetCidrs"), says: "has 3 CIDR(s) for 2 availability zones (us-east-1a, us-east-1b); give exactly one per zone, in the same order" },
    { title: "fewer database subnets than zones", edit: edit((n) => { n.databaseSubnetCidrs.pop(); }), key: net("databaseSubnetCidrs"), says: "has 1 CIDR(s) for 2 availability zones (us-east-1a, us-east-1b)" },
    { title: "private subnet outside the VPC", edit: edit((n) => { n.privateSubnetCidrs[0] = "10.1.10.0/24"; }), key: net("privateSubnetCidrs[0]"), says: "not inside the VPC CIDR 10.0.0.0/16" },
    { title: "database subnet overlapping a private one", edit: edit((n) => { n.databaseSubnetCidrs[0] = "10.0.10.0/25"; }), key: net("databaseSubnetCidrs[0]"), says: "overlaps 10.0.10.0/24" },
    { title: "subnet CIDR with a bad prefix", edit: edit((n) => { n.databaseSubnetCidrs[1] = "10.0.21.0/33"; }), key: net("databaseSubnetCidrs[1]"), says: '"10.0.21.0/33" is not a valid IPv4 database subnet CIDR' },
    { title: "subnet narrower than /28", edit: edit((n) => { n.publicSubnetCidrs[0] = "10.0.1.0/29"; }), key: net("publicSubnetCidrs[0]"), says: "10.0.1.0/29 has prefix /29; AWS allows public subnet CIDRs from /16 to /28" },
    // Not text: the schema says so, and the subnet rules (inside the VPC, no overlap) skip it.
    { title: "subnet CIDR that is a number", edit: edit((n) => { n.privateSubnetCidrs[0] = 10; }), key: net("privateSubnetCidrs[0]"), says: "must be text (got 10)" },
    { title: "subnets as a mapping, not a list", edit: edit((n) => { n.privateSubnetCidrs = { a: "10.0.10.0/24" }; }), key: net("privateSubnetCidrs"), says: "must be a list of private subnet CIDRs" },
    { title: "unknown NAT strategy", edit: edit((n) => { n.natGateways = "Two"; }), key: net("natGateways"), says: "None, Single, OnePerAz" },
    { title: "no NAT and no endpoints", edit: edit((n) => { n.natGateways = "None"; }), key: net("natGateways"), says: "add ecr.api, ecr.dkr, logs, secretsmanager, ecs, elasticache to network.interfaceEndpoints" },
    { title: "no NAT and only the task endpoints", edit: edit((n) => { n.natGateways = "None"; n.interfaceEndpoints = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]; }), key: net("natGateways"), says: "the rotation functions (Secrets Manager, ECS, ElastiCache) reach AWS only through interface endpoints; add ecs, elasticache to" },
    { title: "retention CloudWatch does not accept", edit: edit((n) => { n.flowLogs.retentionInDays = 45; }), key: net("flowLogs.retentionInDays"), says: "1, 3, 5, 7, 14, 30" },
    { title: "flow logs off outside dev", stack: "staging", edit: edit((n) => { n.flowLogs.enabled = false; }), key: net("flowLogs.enabled"), says: "only be switched off in dev" },
    { title: "flow logs switch that is text", edit: edit((n) => { n.flowLogs.enabled = "yes"; }), key: net("flowLogs.enabled"), says: "must be true or false" },
    { title: "unknown flow log traffic type", edit: edit((n) => { n.flowLogs.trafficType = "SOME"; }), key: net("flowLogs.trafficType"), says: "ALL, ACCEPT, REJECT" },
    { title: "aggregation interval AWS does not offer", edit: edit((n) => { n.flowLogs.maxAggregationIntervalSeconds = 300; }), key: net("flowLogs.maxAggregationIntervalSeconds"), says: "must be one of 60, 600 (seconds)" },
    { title: "misspelt flow log key", edit: edit((n) => { n.flowLogs.retention = 30; }), key: net("flowLogs.retention"), says: "allowed here: enabled, retentionInDays" },
    { title: "unknown interface endpoint", edit: edit((n) => { n.interfaceEndpoints = ["s3"]; }), key: net("interfaceEndpoints[0]"), says: "must be one of ecr.api, ecr.dkr, logs, secretsmanager, ssm, ssmmessages, ec2messages, kms, sts, monitoring, ecs, elasticache" },
    { title: "interface endpoints as one string, not a list", edit: edit((n) => { n.interfaceEndpoints = "logs"; }), key: net("interfaceEndpoints"), says: "must be a list of interface endpoint services" },
    { title: "the same endpoint twice", edit: edit((n) => { n.interfaceEndpoints = ["logs", "logs"]; }), key: net("interfaceEndpoints"), says: "more than once" },
    { title: "unknown ALB ingress source", edit: edit((n) => { n.albIngress = { source: "everywhere" }; }), key: net("albIngress.source"), says: "cloudfront" },
    { title: "ALB ingress CIDR without prefix", edit: edit((n) => { n.albIngress.cidrs = ["0.0.0.0"]; }), key: net("albIngress.cidrs[0]"), says: '"0.0.0.0" is not a valid IPv4 ALB ingress CIDR' },
    { title: "ALB ingress with no CIDR", edit: edit((n) => { n.albIngress.cidrs = []; }), key: net("albIngress.cidrs"), says: "at least 1 entry" },
    { title: "the same device CIDR twice", edit: edit((n) => { n.devicesIngressCidrs = ["0.0.0.0/0", "0.0.0.0/0"]; }), key: net("devicesIngressCidrs"), says: "lists 0.0.0.0/0 more than once; two equal CIDRs would give two security-group rules the same name" },
    { title: "the same ALB CIDR twice", edit: edit((n) => { n.albIngress.cidrs = ["203.0.113.0/24", "203.0.113.0/24"]; }), key: net("albIngress.cidrs"), says: "lists 203.0.113.0/24 more than once; two equal CIDRs would give two security-group rules the same name" },
    { title: "device ingress CIDR with host bits", edit: edit((n) => { n.devicesIngressCidrs = ["203.0.113.7/24"]; }), key: net("devicesIngressCidrs[0]"), says: '"203.0.113.7/24" is not a valid IPv4 devices ingress CIDR' },
    { title: "no device ingress CIDR", edit: edit((n) => { n.devicesIngressCidrs = []; }), key: net("devicesIngressCidrs"), says: "at least 1 entry" },
    { title: "unknown service egress mode", edit: edit((n) => { n.serviceInternetEgress = "none"; }), key: net("serviceInternetEgress"), says: "all, https" },
    { title: "port out of range", edit: edit((n) => { n.ports = { http: 70000 }; }), key: net("ports.http"), says: "65535" },
    { title: "port that is not a whole number", edit: edit((n) => { n.ports = { grpc: 50051.5 }; }), key: net("ports.grpc"), says: "whole number" },
    { title: "two services on one port", edit: edit((n) => { n.ports = { grpc: 8080 }; }), key: net("ports"), says: "port 8080 for more than one" },
    { title: "a data-tier port left in the network section", edit: edit((n) => { n.ports = { postgres: 5432 }; }), key: net("ports.postgres"), says: "allowed here: http, grpc, devicesTcp" },
    { title: "misspelt network key", edit: edit((n) => { n.natGateway = "Single"; }), key: net("natGateway"), says: "allowed here: vpcCidr" },
];
