// The names AWS holds once per account and Region (or per cluster) that the stacks derive from a
// service's short name, by kind: two names of one kind that are equal collide (two log groups
// of one prefix are indistinguishable; a second target group of one name fails with
// DuplicateTargetGroupName, which the port-and-protocol hash in those names rules out). Config refuses a service whose names collide with another's or with the
// cluster's; a test checks these against the names the built stacks really use.
import { physicalName, replacementSuffix } from "../shared/naming";


/** One name AWS holds, and what kind of resource holds it (names of different kinds never collide). */
export interface FixedName {
    readonly kind: "log group prefix";
    readonly name: string;
}

/**
 * The ALB target group of a service (components/edge/alb.ts). Port and protocol replace a target
 * group (stacks/replacements.ts), so they are in the name: a changed port gets a new group
 * beside the old one instead of DuplicateTargetGroupName.
 */
export function albTargetGroupName(namePrefix: string, service: string, port: number): string {
    return `${namePrefix}-${service}-${replacementSuffix(port, "HTTP")}`;
}

/** The NLB target group of the service behind the NLB (stacks/edge.ts); AWS allows 32 characters. */
export function nlbTargetGroupName(namePrefix: string, service: string, port: number): string {
    return physicalName(namePrefix, `${service}-${replacementSuffix(port, "TCP")}`, 32);
}

/** The prefix of a service's container log group (components/compute/fargate-service.ts). */
export function serviceLogGroupPrefix(namePrefix: string, service: string): string {
    return `/${namePrefix}/ecs/${service}-`;
}

/** The prefix of the cluster's ECS Exec session log group (components/compute/cluster.ts). */
export function execLogGroupPrefix(namePrefix: string): string {
    return `/${namePrefix}/ecs/exec-`;
}

/**
 * Every fixed name a service may hold that another service's or the cluster's could equal. Target
 * groups are not among them: each ends in a hash of its port and protocol after the service's
 * whole name, so two services' groups differ whenever their names do.
 */
export function serviceFixedNames(namePrefix: string, service: string): FixedName[] {
    return [{ kind: "log group prefix", name: serviceLogGroupPrefix(namePrefix, service) }];
}

/** The fixed names of the cluster itself. */
export function clusterFixedNames(namePrefix: string): FixedName[] {
    return [{ kind: "log group prefix", name: execLogGroupPrefix(namePrefix) }];
}

/**
 * For each service, the fixed names it shares with another service or with the cluster, and
 * who else holds each. Independent of the prefix: every name starts with the same one.
 */
export function fixedNameCollisions(services: readonly string[], namePrefix = "hse-env"): { service: string; name: FixedName; heldBy: string[] }[] {
    const holders = [
        ...clusterFixedNames(namePrefix).map((name) => ({ owner: "the cluster's ECS Exec logs", service: undefined as string | undefined, name })),
        ...services.flatMap((service) => serviceFixedNames(namePrefix, service).map((name) => ({ owner: `service ${service}`, service, name }))),
    ];
    return holders.flatMap((h) => {
        if (h.service === undefined) return [];
        const others = holders.filter((o) => o.service !== h.service && o.name.kind === h.name.kind && o.name.name === h.name.name).map((o) => o.owner);
        return others.length > 0 ? [{ service: h.service, name: h.name, heldBy: others }] : [];
    });
}
