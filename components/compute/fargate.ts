// Facts about ECS on Fargate that config validation and the components share, with sources.

/**
 * Task CPU units and the memory (MiB) Fargate offers with each (ECS developer guide, "Task CPU
 * and memory"; TaskDefinition.memory). 8192 and 16384 CPU need Linux platform 1.4.0.
 */
export const FARGATE_SIZES: Readonly<Record<number, { readonly min: number; readonly max: number; readonly step: number } | readonly number[]>> = {
    256: [512, 1024, 2048],
    512: { min: 1024, max: 4096, step: 1024 },
    1024: { min: 2048, max: 8192, step: 1024 },
    2048: { min: 4096, max: 16384, step: 1024 },
    4096: { min: 8192, max: 30720, step: 1024 },
    8192: { min: 16384, max: 61440, step: 4096 },
    16384: { min: 32768, max: 122880, step: 8192 },
};
export const FARGATE_CPUS = Object.keys(FARGATE_SIZES).map(Number);

/** The memory sizes Fargate offers with `cpu`, or [] if `cpu` is not a Fargate size. */
export function fargateMemoryOptions(cpu: number): number[] {
    const sizes = FARGATE_SIZES[cpu];
    if (sizes === undefined) return [];
    if ("min" in sizes) {
        const { min, max, step } = sizes;
        return Array.from({ length: (max - min) / step + 1 }, (_, i) => min + i * step);
    }
    return [...sizes];
}

/**
 * The user a container runs as unless its service names another: not root (Security Hub ECS.20
 * fails a Linux container definition whose `user` is absent or root). 1000:1000 is the first
 * unprivileged uid and gid of common base images; an image whose files need another sets its own.
 */
export const NON_ROOT_USER = "1000:1000";

/** Whether a `uid[:gid]` user is root (uid 0). */
export function isRootUser(user: string): boolean {
    return Number(user.split(":")[0]) === 0;
}

export const CPU_ARCHITECTURES = ["ARM64", "X86_64"] as const;
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

/** Container health check limits (ECS API, HealthCheck): interval 5-300, timeout 2-60, retries 1-10, start period 0-300 s. */
export const HEALTH_CHECK_LIMITS = { interval: [5, 300], timeout: [2, 60], retries: [1, 10], startPeriod: [0, 300] } as const;
/** Fargate stops a container at most 120 s after SIGTERM (ContainerDefinition.stopTimeout). */
export const MAX_STOP_TIMEOUT_SECONDS = 120;

/** How a service's port is spoken: http and grpc are Service Connect app protocols; tcp is raw (the devices' port). */
export const PORT_PROTOCOLS = ["http", "grpc", "tcp"] as const;
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

/**
 * Tags that move: a deploy that names one does not say what runs. Refused in staging and
 * production (the seed deploys :latest with --force-new-deployment; we pin a tag or a digest).
 */
export const MOVING_TAGS = ["latest", "main", "master", "develop", "dev", "staging", "production", "prod", "stable", "edge", "nightly", "release"] as const;
