// VPC endpoints: the S3 gateway endpoint (free; ECR image layers are served from S3) on the
// private and database route tables, reaching only the stack's buckets and what AWS needs
// (s3-gateway-policy.ts), and optional interface endpoints in the private subnets
// behind their own security group, so tasks reach AWS APIs without crossing the NAT.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { s3GatewayPolicyStatements } from "./s3-gateway-policy";

/** Interface endpoints the platform may need; each value is the service-name suffix. */
export const INTERFACE_ENDPOINT_SERVICES = [
    "ecr.api",
    "ecr.dkr",
    "logs",
    "secretsmanager",
    "ssm",
    "ssmmessages",
    "ec2messages",
    "kms",
    "sts",
    "monitoring",
    // The APIs our functions call besides Secrets Manager: the redeploy after a rotation (ECS)
    // and the cache user's password change (ElastiCache). Both names are AWS PrivateLink
    // services: com.amazonaws.<region>.ecs (Amazon ECS developer guide, "Amazon ECS interface
    // VPC endpoints") and com.amazonaws.<region>.elasticache (ElastiCache guide, "ElastiCache
    // API and interface VPC endpoints").
    "ecs",
    "elasticache",
] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/**
 * What the platform needs with no NAT: a task pulls from ECR, ships its logs and reads its
 * secrets when it starts; the rotation and redeploy functions call Secrets Manager, ECS and
 * ElastiCache.
 */
export const ENDPOINTS_REQUIRED_WITHOUT_NAT: readonly InterfaceEndpointService[] = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ecs", "elasticache"];

const HTTPS = 443;

export interface VpcEndpointsArgs {
    readonly namePrefix: string;
    /** Region of the VPC; endpoint service names are `com.amazonaws.<region>.<service>`. */
    readonly region: string;
    readonly vpcId: pulumi.Input<string>;
    /** Clients of the interface endpoints: HTTPS is allowed from this range only. */
    readonly vpcCidr: string;
    /** The stack's buckets are named `<bucketPrefix>...`: the S3 gateway endpoint reaches those (and what AWS needs) only. */
    readonly bucketPrefix: string;
    /** Route tables that get the S3 gateway endpoint route. */
    readonly gatewayRouteTableIds: pulumi.Input<string>[];
    /** @default [] - no interface endpoint and no endpoint security group. */
    readonly interfaceServices?: readonly InterfaceEndpointService[];
    /** Subnets that hold one endpoint network interface each (the private subnets). */
    readonly interfaceSubnetIds: pulumi.Input<string>[];
}

export class VpcEndpoints extends pulumi.ComponentResource {
    readonly s3GatewayEndpointId: pulumi.Output<string>;
    /** Undefined when no interface endpoint is configured. */
    readonly securityGroupId?: pulumi.Output<string>;
    readonly interfaceEndpointIds: Record<string, pulumi.Output<string>>;
    /** What the endpoints cost by (the `sizing` stack output): interface endpoints are billed per zone they are in. */
    readonly sizing: { readonly interfaceEndpoints: readonly string[]; readonly zonesPerInterfaceEndpoint: number };

    constructor(name: string, args: VpcEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:network:VpcEndpoints", name, {}, opts);
        const prefix = args.namePrefix;

        this.s3GatewayEndpointId = new aws.ec2.VpcEndpoint(`${prefix}-vpce-s3`, {
            vpcId: args.vpcId,
            serviceName: `com.amazonaws.${args.region}.s3`,
            vpcEndpointType: "Gateway",
            routeTableIds: args.gatewayRouteTableIds,
            policy: aws.iam.getPolicyDocumentOutput({
                statements: s3GatewayPolicyStatements({
                    partition: aws.getPartitionOutput({}, { parent: this }).partition,
                    region: args.region,
                    accountId: aws.getCallerIdentityOutput({}, { parent: this }).accountId,
                    bucketPrefix: args.bucketPrefix,
                }),
            }, { parent: this }).json,
            tags: { Name: `${prefix}-vpce-s3` },
        }, { parent: this }).id;

        const services = args.interfaceServices ?? [];
        this.sizing = { interfaceEndpoints: [...services], zonesPerInterfaceEndpoint: services.length > 0 ? args.interfaceSubnetIds.length : 0 };
        this.interfaceEndpointIds = {};
        if (services.length === 0) {
            this.registerOutputs({ s3GatewayEndpointId: this.s3GatewayEndpointId });
            return;
        }

        const securityGroup = new aws.ec2.SecurityGroup(`${prefix}-vpce-sg`, {
            vpcId: args.vpcId,
            description: `Interface VPC endpoints of ${prefix}: HTTPS from inside the VPC`,
            tags: { Name: `${prefix}-vpce` },
        }, { parent: this });
        new aws.vpc.SecurityGroupIngressRule(`${prefix}-vpce-in-443-vpc`, {
            securityGroupId: securityGroup.id,
            description: "HTTPS to AWS service endpoints from anywhere in the VPC",
            ipProtocol: "tcp",
            fromPort: HTTPS,
            toPort: HTTPS,
            cidrIpv4: args.vpcCidr,
        }, { parent: this });
        this.securityGroupId = securityGroup.id;

        for (const service of services) {
            const slug = service.replace(/\./g, "-");
            this.interfaceEndpointIds[service] = new aws.ec2.VpcEndpoint(`${prefix}-vpce-${slug}`, {
                vpcId: args.vpcId,
                serviceName: `com.amazonaws.${args.region}.${service}`,
                vpcEndpointType: "Interface",
                subnetIds: args.interfaceSubnetIds,
                securityGroupIds: [securityGroup.id],
                // The SDKs keep using the public service names, which now resolve to the endpoint.
                privateDnsEnabled: true,
                tags: { Name: `${prefix}-vpce-${slug}` },
            }, { parent: this }).id;
        }
        this.registerOutputs({
            s3GatewayEndpointId: this.s3GatewayEndpointId,
            securityGroupId: this.securityGroupId,
            interfaceEndpointIds: this.interfaceEndpointIds,
        });
    }
}
