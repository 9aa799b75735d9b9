// Read-only questions about a built stack, shared by the stack tests.
import { DeclaredResource, ResourceSet } from "../../offline/build";

export const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    igw: "aws:ec2/internetGateway:InternetGateway",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    flowLog: "aws:ec2/flowLog:FlowLog",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    dbSubnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    cacheSubnetGroup: "aws:elasticache/subnetGroup:SubnetGroup",
} as const;

export function subnetsOfTier(built: ResourceSet, tier: string): DeclaredResource[] {
    return built.ofType(T.subnet).filter((s) => s.inputs.tags?.Tier === tier);
}

export function routeTableOf(built: ResourceSet, subnet: DeclaredResource): DeclaredResource {
    const associations = built.ofType(T.association).filter((a) => a.inputs.subnetId === subnet.id);
    if (associations.length !== 1) throw new Error(`${subnet.name} has ${associations.length} route table associations`);
    return built.byId(associations[0].inputs.routeTableId);
}

export function routesOf(built: ResourceSet, table: DeclaredResource): DeclaredResource[] {
    return built.ofType(T.route).filter((r) => r.inputs.routeTableId === table.id);
}

/** The resource the default route (0.0.0.0/0) of a subnet leads to, if any. */
export function defaultRouteTarget(built: ResourceSet, subnet: DeclaredResource): DeclaredResource | undefined {
    const table = routeTableOf(built, subnet);
    // Routes are separate resources here; an inline one would escape these checks.
    if ((table.inputs.routes ?? []).length > 0) throw new Error(`${table.name} declares inline routes`);
    const route = routesOf(built, table).find((r) => r.inputs.destinationCidrBlock === "0.0.0.0/0");
    if (!route) return undefined;
    return built.byId(route.inputs.natGatewayId ?? route.inputs.gatewayId);
}
