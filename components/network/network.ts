// The VPC of one environment: three subnet tiers across 2-3 zones, internet gateway, NAT
// gateways, route tables, a locked-down default security group, and the subnet groups the
// data tier uses. Plain @pulumi/aws resources (not awsx.ec2.Vpc) so that every subnet, route
// and NAT is visible to tests, policies and the cost review (decision 0001, plain AWS resources, not awsx).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { hardToRecreate, stateful } from "../shared/protection";
import { NatGatewayStrategy, planNatGateways, ZoneLayout } from "./network-layout";

export interface NetworkArgs {
    /** Prefix of every name, e.g. "hse-dev". */
    readonly namePrefix: string;
    /** e.g. "10.0.0.0/16" (seed 10.2.5). */
    readonly vpcCidr: string;
    /** One entry per availability zone, in order; the first zone hosts the Single NAT. */
    readonly zones: readonly ZoneLayout[];
    /** None, Single (one NAT shared by all zones) or OnePerAz. */
    readonly natGateways: NatGatewayStrategy;
    /**
     * Protect the VPC and subnets (hard to recreate) and the NAT Elastic IPs (partners may
     * allowlist them; also retained on delete). @default false
     */
    readonly protect?: boolean;
}

type Tier = "public" | "private" | "database";

export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: string;
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly databaseSubnetIds: pulumi.Output<string>[];
    /** One per zone, so the NAT strategy can change without replacing route tables. */
    readonly privateRouteTableIds: pulumi.Output<string>[];
    readonly databaseRouteTableId: pulumi.Output<string>;
    readonly natGatewayIds: pulumi.Output<string>[];
    readonly dbSubnetGroupName: pulumi.Output<string>;
    readonly cacheSubnetGroupName: pulumi.Output<string>;
    /** What the network costs by (the `sizing` stack output): zones, and NAT gateways as created. */
    readonly sizing: { readonly availabilityZones: number; readonly natGateways: number };

    private readonly prefix: string;
    private readonly protect: boolean;
    private readonly zoneNames: readonly string[];
    private readonly vpc: aws.ec2.Vpc;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:network:Network", name, {}, opts);
        this.prefix = args.namePrefix;
        this.vpcCidr = args.vpcCidr;
        this.protect = args.protect ?? false;
        this.zoneNames = args.zones.map((z) => z.availabilityZone);

        this.vpc = new aws.ec2.Vpc(`${this.prefix}-vpc`, {
            cidrBlock: args.vpcCidr,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: { Name: `${this.prefix}-vpc` },
        }, { parent: this, ...hardToRecreate(this.protect) });
        this.vpcId = this.vpc.id;
        this.lockDownDefaultSecurityGroup();

        const subnets = {
            public: args.zones.map((z) => this.subnet("public", z.availabilityZone, z.publicSubnetCidr)),
            private: args.zones.map((z) => this.subnet("private", z.availabilityZone, z.privateSubnetCidr)),
            database: args.zones.map((z) => this.subnet("database", z.availabilityZone, z.databaseSubnetCidr)),
        };
        this.publicSubnetIds = subnets.public.map((s) => s.id);
        this.privateSubnetIds = subnets.private.map((s) => s.id);
        this.databaseSubnetIds = subnets.database.map((s) => s.id);

        const internetGateway = new aws.ec2.InternetGateway(`${this.prefix}-igw`, {
            vpcId: this.vpc.id,
            tags: { Name: `${this.prefix}-igw` },
        }, { parent: this });
        this.routePublicSubnets(subnets.public, internetGateway);

        const plan = planNatGateways(args.natGateways, this.zoneNames);
        const natByZone = new Map(plan.natZones.map((zone) => {
            const publicSubnet = subnets.public[this.zoneNames.indexOf(zone)];
            return [zone, this.natGateway(zone, publicSubnet, internetGateway)] as const;
        }));
        this.natGatewayIds = [...natByZone.values()].map((nat) => nat.id);
        this.sizing = { availabilityZones: this.zoneNames.length, natGateways: natByZone.size };

        this.privateRouteTableIds = args.zones.map((zone, i) => {
            const egressZone = plan.egressZoneOf.get(zone.availabilityZone);
            return this.routePrivateSubnet(zone.availabilityZone, subnets.private[i], egressZone ? natByZone.get(egressZone) : undefined);
        });
        this.databaseRouteTableId = this.isolateDatabaseSubnets(subnets.database);

        const databaseSubnetIds = this.databaseSubnetIds;
        this.dbSubnetGroupName = new aws.rds.SubnetGroup(`${this.prefix}-db`, {
            subnetIds: databaseSubnetIds,
            description: `Database subnets of ${this.prefix} (RDS)`,
            tags: { Name: `${this.prefix}-db` },
        }, { parent: this }).name;
        this.cacheSubnetGroupName = new aws.elasticache.SubnetGroup(`${this.prefix}-cache`, {
            subnetIds: databaseSubnetIds,
            description: `Database subnets of ${this.prefix} (ElastiCache)`,
            tags: { Name: `${this.prefix}-cache` },
        }, { parent: this }).name;

        this.registerOutputs({
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            databaseSubnetIds: this.databaseSubnetIds,
            natGatewayIds: this.natGatewayIds,
            dbSubnetGroupName: this.dbSubnetGroupName,
            cacheSubnetGroupName: this.cacheSubnetGroupName,
        });
    }

    /** Adopts the VPC's default security group and removes all its rules (CIS AWS 5.4). */
    private lockDownDefaultSecurityGroup(): void {
        new aws.ec2.DefaultSecurityGroup(`${this.prefix}-default-sg`, {
            vpcId: this.vpc.id,
            tags: { Name: `${this.prefix}-default-do-not-use` },
        }, { parent: this });
    }

    // Subnets are named by tier and zone, never by position, so adding a zone never renames one.
    private subnet(tier: Tier, availabilityZone: string, cidrBlock: string): aws.ec2.Subnet {
        const name = `${this.prefix}-${tier}-${availabilityZone}`;
        return new aws.ec2.Subnet(name, {
            vpcId: this.vpc.id,
            cidrBlock,
            availabilityZone,
            // Nothing in this VPC needs a public IP but the NAT gateways, which get Elastic IPs.
            mapPublicIpOnLaunch: false,
            tags: { Name: name, Tier: tier },
        }, { parent: this, ...hardToRecreate(this.protect) });
    }

    private routeTable(name: string): aws.ec2.RouteTable {
        return new aws.ec2.RouteTable(name, { vpcId: this.vpc.id, tags: { Name: name } }, { parent: this });
    }

    private associate(routeTable: aws.ec2.RouteTable, tier: Tier, zone: string, subnet: aws.ec2.Subnet): void {
        new aws.ec2.RouteTableAssociation(`${this.prefix}-${tier}-rta-${zone}`, {
            subnetId: subnet.id,
            routeTableId: routeTable.id,
        }, { parent: this });
    }

    private routePublicSubnets(subnets: readonly aws.ec2.Subnet[], internetGateway: aws.ec2.InternetGateway): void {
        const table = this.routeTable(`${this.prefix}-public-rt`);
        new aws.ec2.Route(`${this.prefix}-public-internet`, {
            routeTableId: table.id,
            destinationCidrBlock: "0.0.0.0/0",
            gatewayId: internetGateway.id,
        }, { parent: this });
        subnets.forEach((subnet, i) => this.associate(table, "public", this.zoneNames[i], subnet));
    }

    private natGateway(zone: string, publicSubnet: aws.ec2.Subnet, internetGateway: aws.ec2.InternetGateway): aws.ec2.NatGateway {
        const eip = new aws.ec2.Eip(`${this.prefix}-nat-eip-${zone}`, {
            domain: "vpc",
            tags: { Name: `${this.prefix}-nat-${zone}` },
        }, { parent: this, ...stateful(this.protect) });
        return new aws.ec2.NatGateway(`${this.prefix}-nat-${zone}`, {
            allocationId: eip.id,
            subnetId: publicSubnet.id,
            tags: { Name: `${this.prefix}-nat-${zone}` },
        }, {
            parent: this,
            // A NAT gateway needs the internet gateway attached before it can pass traffic.
            dependsOn: [internetGateway],
            // A replacement reuses the Elastic IP, which the old NAT holds until it is deleted.
            deleteBeforeReplace: true,
        });
    }

    private routePrivateSubnet(zone: string, subnet: aws.ec2.Subnet, nat: aws.ec2.NatGateway | undefined): pulumi.Output<string> {
        const table = this.routeTable(`${this.prefix}-private-rt-${zone}`);
        if (nat) {
            new aws.ec2.Route(`${this.prefix}-private-internet-${zone}`, {
                routeTableId: table.id,
                destinationCidrBlock: "0.0.0.0/0",
                natGatewayId: nat.id,
            }, { parent: this });
        }
        this.associate(table, "private", zone, subnet);
        return table.id;
    }

    /** Database subnets get a table with the local route only: no path to or from the internet. */
    private isolateDatabaseSubnets(subnets: readonly aws.ec2.Subnet[]): pulumi.Output<string> {
        const table = this.routeTable(`${this.prefix}-database-rt`);
        subnets.forEach((subnet, i) => this.associate(table, "database", this.zoneNames[i], subnet));
        return table.id;
    }
}
