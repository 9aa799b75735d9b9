// The container definition of a service's task, as a pure function of its spec: named ports
// with their app protocol, the health check, secrets only by ARN and JSON key, plain settings
// as environment, a read-only root file system with a writable scratch volume, non-blocking logs.
import { PortProtocol } from "./fargate";

export interface PortSpec {
    readonly name: string;
    readonly containerPort: number;
    readonly protocol: PortProtocol;
}

export interface HealthCheckSpec {
    readonly command: string;
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly retries: number;
    readonly startPeriodSeconds: number;
}

/** A secret injected as an environment variable: `valueFrom` is `<secret ARN>:<json key>::`. */
export interface SecretEnv {
    readonly name: string;
    readonly secretArn: string;
    readonly jsonKey: string;
}

export interface ContainerSpec {
    readonly name: string;
    readonly image: string;
    readonly ports: readonly PortSpec[];
    readonly environment: Readonly<Record<string, string>>;
    readonly secrets: readonly SecretEnv[];
    readonly healthCheck: HealthCheckSpec;
    readonly stopTimeoutSeconds: number;
    readonly logGroupName: string;
    readonly region: string;
    /** Run as this user (uid[:gid]); always set, so the image's own (often root) never applies (ECS.20). */
    readonly user: string;
    /** ECS Exec is on: the SSM agent's directories get writable volumes. */
    readonly execEnabled: boolean;
}

/** The volume every task gets for what its read-only root file system cannot hold. */
export const SCRATCH_VOLUME = { name: "scratch", containerPath: "/tmp" } as const;

/**
 * Where ECS Exec's SSM agent keeps its state and logs (/var/lib/amazon/ssm, /var/log/amazon/ssm):
 * with a read-only root file system the agent stops soon after it starts unless these are
 * writable volumes (aws/containers-roadmap#1359; the workaround of amazon-ecs-exec-checker's
 * author mounts exactly these two parents). Only tasks with ECS Exec get them.
 */
export const EXEC_AGENT_VOLUMES = [
    { name: "ssm-agent-state", containerPath: "/var/lib/amazon" },
    { name: "ssm-agent-logs", containerPath: "/var/log/amazon" },
] as const;

/** The task's volumes, all empty and task-scoped: scratch, and the agent's where Exec is on. */
export function taskVolumes(execEnabled: boolean): { name: string; containerPath: string }[] {
    return [SCRATCH_VOLUME, ...(execEnabled ? EXEC_AGENT_VOLUMES : [])];
}

/** The `valueFrom` of a secret's JSON key (ECS developer guide, "Pass Secrets Manager secrets"). */
export function secretValueFrom(secretArn: string, jsonKey: string): string {
    return `${secretArn}:${jsonKey}::`;
}

export function containerDefinition(spec: ContainerSpec): Record<string, unknown> {
    return {
        name: spec.name,
        image: spec.image,
        essential: true,
        portMappings: spec.ports.map((p) => ({
            name: p.name,
            containerPort: p.containerPort,
            protocol: "tcp",
            // Only http, http2 and grpc are app protocols; a raw TCP port has none.
            ...(p.protocol === "tcp" ? {} : { appProtocol: p.protocol }),
        })),
        environment: Object.entries(spec.environment)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, value]) => ({ name, value })),
        secrets: [...spec.secrets].sort((a, b) => a.name.localeCompare(b.name)).map((s) => ({ name: s.name, valueFrom: secretValueFrom(s.secretArn, s.jsonKey) })),
        healthCheck: {
            command: ["CMD-SHELL", spec.healthCheck.command],
            interval: spec.healthCheck.intervalSeconds,
            timeout: spec.healthCheck.timeoutSeconds,
            retries: spec.healthCheck.retries,
            startPeriod: spec.healthCheck.startPeriodSeconds,
        },
        stopTimeout: spec.stopTimeoutSeconds,
        readonlyRootFilesystem: true,
        privileged: false,
        user: spec.user,
        mountPoints: taskVolumes(spec.execEnabled).map((v) => ({ sourceVolume: v.name, containerPath: v.containerPath, readOnly: false })),
        logConfiguration: {
            logDriver: "awslogs",
            options: {
                "awslogs-group": spec.logGroupName,
                "awslogs-region": spec.region,
                "awslogs-stream-prefix": spec.name,
                // A full buffer drops log lines rather than blocking the application.
                mode: "non-blocking",
                "max-buffer-size": "25m",
            },
        },
    };
}
