// A new deployment of the ECS services that read a secret, so their tasks load its new value:
// ECS hands a secret to a container only when the task starts. Used by our rotation functions
// after finishSecret and by the function that follows every other change of a secret.
import { ClusterNotFoundException, ECSClient, ServiceNotActiveException, ServiceNotFoundException, UpdateServiceCommand } from "@aws-sdk/client-ecs";

/** An ECS service to redeploy. */
export interface ServiceRef {
    readonly cluster: string;
    readonly service: string;
}

/** One log line: fields are names, ids and counts, never a secret's value. */
export type Log = (message: string, fields?: Record<string, string | number | boolean>) => void;

/** One JSON line per event. */
export function jsonLogger(base: Record<string, string>): Log {
    return (message, fields = {}) => console.log(JSON.stringify({ ...base, message, ...fields }));
}

export class RedeployConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RedeployConfigError";
    }
}

/**
 * Starts a new deployment of each service. A service that does not exist (yet) or no longer runs
 * is skipped with a log line: on a stack's first `pulumi up` the immediate first rotation can
 * finish before ECS has created the services, which then start with the new value anyway.
 * Any other failure is thrown, so the caller's error alarm fires.
 */
export async function redeployServices(ecs: ECSClient, services: readonly ServiceRef[], log: Log): Promise<{ redeployed: number; skipped: number }> {
    let redeployed = 0;
    let skipped = 0;
    for (const { cluster, service } of services) {
        try {
            await ecs.send(new UpdateServiceCommand({ cluster, service, forceNewDeployment: true }));
            redeployed++;
            log("started a new deployment so tasks load the new value", { cluster, service });
        } catch (error) {
            const absent = error instanceof ServiceNotFoundException || error instanceof ServiceNotActiveException || error instanceof ClusterNotFoundException;
            if (!absent) throw error;
            skipped++;
            log("the service is not running; nothing to redeploy", { cluster, service, reason: error.name });
        }
    }
    return { redeployed, skipped };
}

const isService = (s: unknown): s is ServiceRef =>
    typeof s === "object" && s !== null && typeof (s as ServiceRef).cluster === "string" && typeof (s as ServiceRef).service === "string";

/** A JSON list of {cluster, service} (REDEPLOY_SERVICES, or an event's input); absent or empty means none. */
export function parseServices(text: string | undefined, source = "REDEPLOY_SERVICES"): ServiceRef[] {
    if (text === undefined || text.trim() === "") return [];
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every(isService)) {
        throw new RedeployConfigError(`${source} must be a JSON list of {cluster, service}`);
    }
    return parsed;
}
