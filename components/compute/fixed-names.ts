// The names AWS holds once per account and Region (or per cluster) that the stacks derive from a
// service's short name, by kind: two names of one kind that are equal collide (a second target
// group of that name fails with DuplicateTargetGroupName; two log groups of one prefix are
// indistinguishable). Config refuses a service whose names collide with another's or with the
// cluster's; a test checks these against the names the built stacks really use.

/** One name AWS holds, and what kind of resource holds it (names of different kinds never collide). */
export interface FixedName {
    readonly kind: "target group" | "log group prefix";
    readonly name: string;
}

/** The ALB target group of a service (components/edge/alb.ts). */
export function albTargetGroupName(namePrefix: string, service: string): string {
    return `${namePrefix}-${service}`;
}

/** The NLB target group of the service behind the NLB (stacks/edge.ts). */
export function nlbTargetGroupName(namePrefix: string, service: string): string {
    return `${namePrefix}-${service}-tcp`;
}

/** The prefix of a service's container log group (components/compute/fargate-service.ts). */
export function serviceLogGroupPrefix(namePrefix: string, service: string): string {
    return `/${namePrefix}/ecs/${service}-`;
}

/** The prefix of the cluster's ECS Exec session log group (components/compute/cluster.ts). */
export function execLogGroupPrefix(namePrefix: string): string {
    return `/${namePrefix}/ecs/exec-`;
}

/** Every fixed name a service may hold (whether or not it is behind a load balancer today). */
export function serviceFixedNames(namePrefix: string, service: string): FixedName[] {
    return [
        { kind: "target group", name: albTargetGroupName(namePrefix, service) },
        { kind: "target group", name: nlbTargetGroupName(namePrefix, service) },
        { kind: "log group prefix", name: serviceLogGroupPrefix(namePrefix, service) },
    ];
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
