// Follows every change of a secret that no rotation function of ours redeploys after: EventBridge
// delivers Secrets Manager's "Secret Label Updated" event for AWSCURRENT (a rotation by AWS's
// functions, a key replaced by hand), and this function starts a new deployment of the services
// that read the secret. The rule hands over which secret and which services, as constant input.
import { ECSClient } from "@aws-sdk/client-ecs";
import { jsonLogger, parseServices, RedeployConfigError, redeployServices } from "../shared/redeploy";

export interface SecretChangedInput {
    /** The secret's name, for logs. */
    readonly secret: string;
    readonly services: readonly { cluster: string; service: string }[];
}

export function redeployHandler(ecs: ECSClient) {
    return async (input: SecretChangedInput): Promise<{ redeployed: number; skipped: number }> => {
        if (typeof input?.secret !== "string") throw new RedeployConfigError("the event input must name the secret");
        const services = parseServices(JSON.stringify(input.services ?? null), "the event input's services");
        const log = jsonLogger({ kind: "secret-changed", secret: input.secret });
        log("the secret has a new AWSCURRENT value", { services: services.length });
        return redeployServices(ecs, services, log);
    };
}

export const handler = redeployHandler(new ECSClient({}));
