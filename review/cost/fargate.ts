// ECS services on Fargate: tasks x (vCPU + memory) by architecture, on demand or Spot, from
// the minimum count to the autoscaling maximum (a range).
import { HOURS_PER_MONTH } from "./prices";
import { CostResource, line, missing, num, Priced, PricingContext } from "./types";

const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const SCALING_TARGET = "aws:appautoscaling/target:Target";

/** The task definition of a service: the compute tier names the family after the service. */
function taskDefinitionOf(service: CostResource, all: readonly CostResource[]): CostResource | undefined {
    return all.find((r) => r.type === TASK_DEFINITION && r.inputs.family === service.inputs.name);
}

/** The service's task count range: its scaling target's min/max, else its desired count. */
export function taskRange(service: CostResource, all: readonly CostResource[]): { min: number; max: number } {
    const id = `service/`;
    const target = all.find((r) => r.type === SCALING_TARGET && typeof r.inputs.resourceId === "string" && r.inputs.resourceId.startsWith(id) && r.inputs.resourceId.endsWith(`/${String(service.inputs.name)}`));
    if (target) return { min: num(target.inputs.minCapacity), max: num(target.inputs.maxCapacity) };
    const desired = num(service.inputs.desiredCount, 1);
    return { min: desired, max: desired };
}

/** Share of tasks on FARGATE_SPOT by the capacity provider strategy's weights. */
export function spotShare(service: CostResource): number {
    const strategy = Array.isArray(service.inputs.capacityProviderStrategies) ? (service.inputs.capacityProviderStrategies as { capacityProvider?: string; weight?: number }[]) : [];
    const total = strategy.reduce((sum, s) => sum + num(s.weight), 0);
    if (total === 0) return 0;
    return strategy.filter((s) => s.capacityProvider === "FARGATE_SPOT").reduce((sum, s) => sum + num(s.weight), 0) / total;
}

export function priceFargateService(service: CostResource, { prices, all }: PricingContext): Priced {
    const task = taskDefinitionOf(service, all);
    if (!task) return { lines: [], unpriced: [`no task definition with family ${String(service.inputs.name)}`] };
    const runtime = (task.inputs.runtimePlatform ?? {}) as { cpuArchitecture?: string };
    const arch = runtime.cpuArchitecture === "ARM64" ? "arm" : "x86";
    const rates = prices.fargate?.[arch];
    const discount = prices.fargateSpotDiscount;
    if (!rates || !discount) return { lines: [], unpriced: [missing(`Fargate ${arch}`)] };
    const vcpu = num(task.inputs.cpu) / 1024;
    const gb = num(task.inputs.memory) / 1024;
    const perTask = (vcpu * rates.vcpuHour.usd + gb * rates.gbHour.usd) * HOURS_PER_MONTH;
    const spot = spotShare(service);
    // Spot's price moves between AWS's bounds: the cheapest case takes the deepest discount.
    const cheapest = perTask * (1 - spot * discount.max.usd);
    const dearest = perTask * (1 - spot * discount.min.usd);
    const { min, max } = taskRange(service, all);
    const mode = spot === 0 ? "on demand" : spot === 1 ? "Spot" : `${Math.round(spot * 100)}% Spot`;
    return {
        lines: [
            line(service, `Fargate ${arch === "arm" ? "ARM64" : "x86"} ${vcpu} vCPU / ${gb} GB, ${mode}, ${min}-${max} tasks`, min * cheapest, max * dearest,
                `${min} to ${max} tasks (autoscaling) x (${vcpu} vCPU x $${rates.vcpuHour.usd} + ${gb} GB x $${rates.gbHour.usd}) x ${HOURS_PER_MONTH} h` +
                (spot > 0 ? `; Spot ${discount.min.usd * 100}-${discount.max.usd * 100}% off on ${Math.round(spot * 100)}% of tasks` : "")),
        ],
    };
}
