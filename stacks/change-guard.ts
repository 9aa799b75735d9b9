// Changes that AWS cannot apply in one `pulumi up`. Pulumi creates a replacement before it
// deletes the old resource, and deletes removed resources only at the end, so a subnet that
// moves zone keeping its CIDR, or takes a CIDR that overlaps one being retired, fails half-way
// with the old subnet still holding the range. A VPC's CIDR or the stack's region cannot change
// in place at all. The stack exports the shape it deployed (`deployedShape`); the next run reads
// it back through a reference to its own stack and refuses such changes, with the two-step
// procedure, before anything is declared.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { blocksOverlap, parseIpv4Block } from "./config/cidr";
import { ConfigProblem, ConfigValidationError } from "./config/errors";
import { PlatformConfig } from "./config/load";

const SUBNET_TIER_NAMES = ["public", "private", "database"] as const;

const deployedShapeSchema = z.object({
    region: z.string(),
    vpcCidr: z.string(),
    subnets: z.array(z.object({ tier: z.enum(SUBNET_TIER_NAMES), zone: z.string(), cidr: z.string() })),
    /**
     * Config values that replace a resource of fixed name (stacks/replacements.ts), by config key.
     * Absent in shapes recorded before it existed: nothing is compared then.
     */
    fixedNameInputs: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** What a stack deployed that a later run must not change in one step. */
export type DeployedShape = z.output<typeof deployedShapeSchema>;
type SubnetShape = DeployedShape["subnets"][number];

/** The output name under which each stack records its shape. */
export const DEPLOYED_SHAPE_OUTPUT = "deployedShape";

export function shapeOf(config: PlatformConfig): DeployedShape {
    return {
        fixedNameInputs: Object.fromEntries(GUARDED_INPUTS.map((g) => [g.key, g.read(config)])),
        region: config.region,
        vpcCidr: config.network.vpcCidr,
        subnets: config.network.zones.flatMap((z) => [
            { tier: "public" as const, zone: z.availabilityZone, cidr: z.publicSubnetCidr },
            { tier: "private" as const, zone: z.availabilityZone, cidr: z.privateSubnetCidr },
            { tier: "database" as const, zone: z.availabilityZone, cidr: z.databaseSubnetCidr },
        ]),
    };
}

/**
 * A config value that makes the provider replace a resource whose name is fixed: the replacement
 * would be created under the name still in use and fail half-way (stacks/replacements.ts lists
 * each with its source). Each says why, and the steps that do work.
 */
interface GuardedInput {
    readonly key: string;
    readonly read: (config: PlatformConfig) => string | number;
    readonly steps: string;
}

const NEW_STACK_STEPS = "Step 1: deploy the new value as a new stack (pulumi stack init) and copy the data into it (pg_dump | pg_restore); step 2: move the services to it, then destroy this one";
const CACHE_STEPS = (what: string) =>
    `ElastiCache replaces the replication group for ${what}, and its id (<prefix>-cache) is in use until the old one is deleted. Step 1: with the old value, take a snapshot if the data matters (aws elasticache create-snapshot) and delete the group (pulumi destroy --target <its URN> --target-dependents); step 2: set the new value and run pulumi up: the group is created anew`;

export const GUARDED_INPUTS: readonly GuardedInput[] = [
    { key: "postgres.masterUsername", read: (c) => c.postgres.masterUsername, steps: `RDS keeps the master user name for the life of the instance, and a new instance (its identifier is fixed) would be refused while the old one holds it. ${NEW_STACK_STEPS}` },
    { key: "postgres.databaseName", read: (c) => c.postgres.databaseName, steps: `RDS creates the database with the instance only, and a new instance (its identifier is fixed) would be refused while the old one holds it. ${NEW_STACK_STEPS}` },
    { key: "cache.port", read: (c) => c.cache.port, steps: CACHE_STEPS("a new port") },
    { key: "cache.engine", read: (c) => c.cache.engine, steps: CACHE_STEPS("another engine (valkey to redis is a downgrade)") },
    { key: "cache.clusterMode", read: (c) => c.cache.clusterMode, steps: CACHE_STEPS("another cluster mode (cluster-enabled cannot change on a parameter group in use)") },
    { key: "cache.appUsername", read: (c) => c.cache.appUsername, steps: "ElastiCache replaces a user whose name changes, and its id (<prefix>-app) is in use until the old one is deleted. Step 1: run pulumi destroy --target <the app user's URN> --target-dependents, then pulumi up with the old value (the user and its group come back); step 2: set the new name and run pulumi up" },
];

function fixedNameChanges(project: string, previous: DeployedShape, next: DeployedShape): ConfigProblem[] {
    const before = previous.fixedNameInputs ?? {};
    const after = next.fixedNameInputs ?? {};
    return GUARDED_INPUTS.flatMap(({ key, steps }) =>
        key in before && key in after && before[key] !== after[key]
            ? [{ key: `${project}:${key}`, message: `was ${before[key]} when this stack was last deployed and is now ${after[key]}; that replaces a resource of fixed name, which one pulumi up cannot do. ${steps}` }]
            : [],
    );
}

const identity = (s: SubnetShape) => `${s.tier} subnet in ${s.zone}`;

/** Subnets a run creates (new identity or new CIDR) and the ones it retires (gone or re-CIDRed). */
function subnetChanges(previous: readonly SubnetShape[], next: readonly SubnetShape[]) {
    const before = new Map(previous.map((s) => [identity(s), s]));
    const after = new Map(next.map((s) => [identity(s), s]));
    const created = next.filter((s) => before.get(identity(s))?.cidr !== s.cidr);
    const retired = previous.filter((s) => after.get(identity(s))?.cidr !== s.cidr);
    return { created, retired };
}

/**
 * Every change between the deployed shape and the config that one `pulumi up` cannot apply,
 * each with the steps that can. Pure, so every case is tested directly.
 */
export function unapplicableChanges(project: string, previous: DeployedShape, next: DeployedShape): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    if (previous.region !== next.region) {
        problems.push({
            key: `${project}:region`,
            message: `was ${previous.region} when this stack was last deployed and is now ${next.region}; deployed resources cannot move region. Create a new stack for ${next.region} (pulumi stack init), deploy it and move data and traffic there, then destroy this one`,
        });
        // Nothing else can be compared across regions.
        return problems;
    }
    if (previous.vpcCidr !== next.vpcCidr) {
        problems.push({
            key: `${project}:network.vpcCidr`,
            message: `was ${previous.vpcCidr} when this stack was last deployed and is now ${next.vpcCidr}; a VPC's primary CIDR cannot change in place, and replacing the VPC would replace everything in it. Step 1: deploy the new range as a new stack (or destroy this one, after moving what runs in it); step 2: move traffic and data, then remove the old one`,
        });
        return problems;
    }
    problems.push(...fixedNameChanges(project, previous, next));
    const { created, retired } = subnetChanges(previous.subnets, next.subnets);
    for (const subnet of created) {
        const block = parseIpv4Block(subnet.cidr);
        const clash = retired.find((old) => {
            const oldBlock = parseIpv4Block(old.cidr);
            return block !== undefined && oldBlock !== undefined && blocksOverlap(block, oldBlock);
        });
        if (clash) {
            problems.push({
                key: `${project}:network.${subnet.tier}SubnetCidrs`,
                message: `puts the ${identity(subnet)} on ${subnet.cidr}, which overlaps ${clash.cidr} of the deployed ${identity(clash)}; Pulumi creates the new subnet before it deletes the old one, so AWS would refuse it. Step 1: give the ${identity(subnet)} a CIDR that overlaps no deployed subnet and run pulumi up (the old subnet is deleted); step 2: set ${subnet.cidr} and run pulumi up again`,
            });
        }
    }
    return problems;
}

/** The shape recorded by the last completed update, or undefined (never deployed, or older). */
export function parseDeployedShape(value: unknown): DeployedShape | undefined {
    const parsed = deployedShapeSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
}

/**
 * Reads what this stack last deployed (its own outputs, through a stack reference) and refuses
 * the config if one update cannot take the stack there. Runs before any resource is declared.
 */
export async function assertChangesApplicable(config: PlatformConfig): Promise<void> {
    const self = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
    const lastDeployment = new pulumi.StackReference(`${config.namePrefix}-last-deployment`, { name: self });
    const details = await lastDeployment.getOutputDetails(DEPLOYED_SHAPE_OUTPUT);
    const previous = parseDeployedShape(details.value);
    if (previous === undefined) return;
    const problems = unapplicableChanges(config.project, previous, shapeOf(config));
    if (problems.length > 0) {
        throw new ConfigValidationError(config.environment, problems);
    }
}
