// Secrets Manager's four-step rotation protocol, once for every rotation function of ours
// (Secrets Manager user guide, "Rotation by Lambda function"): check that rotation is enabled
// and that the token is a version of the secret staged AWSPENDING (or already AWSCURRENT:
// nothing to do, except the redeploy of a finishSecret that may not have finished), then run
// the step. A behaviour (elasticache-user.ts, jwt.ts) says how a new value is made, set, tested
// and what follows; this module owns the stages, idempotency, the redeploy of the services that
// read the secret, and logs and errors that never carry a value.
import {
    DescribeSecretCommand,
    GetSecretValueCommand,
    PutSecretValueCommand,
    ResourceNotFoundException,
    SecretsManagerClient,
    UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { ECSClient } from "@aws-sdk/client-ecs";
import { jsonLogger, Log, redeployServices, ServiceRef } from "../shared/redeploy";

export const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
export type Step = (typeof STEPS)[number];

export interface RotationEvent {
    readonly SecretId: string;
    readonly ClientRequestToken: string;
    readonly Step: Step;
}

/** A secret's value: a JSON object. */
export type SecretValue = Record<string, unknown>;

export interface Clients {
    readonly secrets: SecretsManagerClient;
    readonly ecs: ECSClient;
}

export interface RotationContext {
    readonly clients: Clients;
    readonly secretId: string;
    readonly log: Log;
}

export interface RotationBehaviour {
    /** What this function rotates, for logs. */
    readonly kind: string;
    /** A new value from the current one. */
    create(current: SecretValue, context: RotationContext): Promise<SecretValue>;
    /** Make the system that checks the secret accept the pending value (or say there is none). */
    set(pending: SecretValue, current: SecretValue, context: RotationContext): Promise<void>;
    /** Throw unless the pending value is usable. */
    test(pending: SecretValue, current: SecretValue, context: RotationContext): Promise<void>;
}

export class RotationError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RotationError";
    }
}

async function valueOf(clients: Clients, secretId: string, selector: { VersionStage: string; VersionId?: string }): Promise<SecretValue> {
    const response = await clients.secrets.send(new GetSecretValueCommand({ SecretId: secretId, ...selector }));
    let parsed: unknown;
    try {
        parsed = JSON.parse(response.SecretString ?? "null");
    } catch {
        // JSON.parse quotes the text it cannot read in its message: never let it reach a log.
        throw new RotationError(`the ${selector.VersionStage} value of the secret is not JSON`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new RotationError(`the ${selector.VersionStage} value of the secret is not a JSON object`);
    }
    return parsed as SecretValue;
}

async function createSecret(event: RotationEvent, behaviour: RotationBehaviour, context: RotationContext): Promise<void> {
    const { clients, secretId } = context;
    const current = await valueOf(clients, secretId, { VersionStage: "AWSCURRENT" });
    try {
        await valueOf(clients, secretId, { VersionStage: "AWSPENDING", VersionId: event.ClientRequestToken });
        context.log("an AWSPENDING value for this token exists (a retry); reusing it");
        return;
    } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    const pending = await behaviour.create(current, context);
    await clients.secrets.send(
        new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: event.ClientRequestToken, SecretString: JSON.stringify(pending), VersionStages: ["AWSPENDING"] }),
    );
    context.log("created the AWSPENDING value");
}

async function finishSecret(event: RotationEvent, versions: Record<string, string[]>, services: readonly ServiceRef[], context: RotationContext): Promise<void> {
    const currentVersion = Object.keys(versions).find((id) => versions[id].includes("AWSCURRENT"));
    await context.clients.secrets.send(
        new UpdateSecretVersionStageCommand({ SecretId: context.secretId, VersionStage: "AWSCURRENT", MoveToVersionId: event.ClientRequestToken, RemoveFromVersionId: currentVersion }),
    );
    context.log("moved AWSCURRENT to the new version", { previousVersion: currentVersion ?? "none" });
    await redeployServices(context.clients.ecs, services, context.log);
}

/**
 * finishSecret for a token that is already AWSCURRENT while AWSPENDING is still on it: an earlier
 * finishSecret moved the stage and may have failed before its redeploy (Secrets Manager then calls
 * it again), or it succeeded and Secrets Manager left AWSPENDING there, which its API reference
 * allows. The two cannot be told apart, so the services are redeployed again: at least once, and a
 * second rolling deployment costs only task restarts, while a missed one leaves tasks on the old
 * value. The stages are not touched again.
 */
async function finishAgain(services: readonly ServiceRef[], context: RotationContext): Promise<void> {
    context.log("AWSCURRENT already moved to this version and AWSPENDING not cleared; redeploying the services again, stages untouched");
    await redeployServices(context.clients.ecs, services, context.log);
}

export interface HandlerOptions {
    readonly clients: Clients;
    /** The services that read this secret and only load it when a task starts. */
    readonly redeployServices: readonly ServiceRef[];
}

/** The Lambda handler for one behaviour: every check AWS documents, then the step. */
export function rotationHandler(behaviour: RotationBehaviour, options: HandlerOptions) {
    return async (event: RotationEvent): Promise<void> => {
        const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
        const context: RotationContext = { clients: options.clients, secretId, log: jsonLogger({ kind: behaviour.kind, secretId, token, step }) };
        if (!STEPS.includes(step)) throw new RotationError(`unknown step ${String(step)}`);

        const metadata = await options.clients.secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
        if (!metadata.RotationEnabled) throw new RotationError("rotation is not enabled on the secret");
        const versions = metadata.VersionIdsToStages ?? {};
        if (!(token in versions)) throw new RotationError("the token is not a version of the secret");
        if (versions[token].includes("AWSCURRENT")) {
            if (step === "finishSecret" && versions[token].includes("AWSPENDING")) return finishAgain(options.redeployServices, context);
            context.log("the version is already AWSCURRENT; nothing to do");
            return;
        }
        if (!versions[token].includes("AWSPENDING")) throw new RotationError("the version is not staged AWSPENDING");

        switch (step) {
            case "createSecret":
                return createSecret(event, behaviour, context);
            case "setSecret": {
                const [pending, current] = await Promise.all([
                    valueOf(options.clients, secretId, { VersionStage: "AWSPENDING", VersionId: token }),
                    valueOf(options.clients, secretId, { VersionStage: "AWSCURRENT" }),
                ]);
                return behaviour.set(pending, current, context);
            }
            case "testSecret": {
                const [pending, current] = await Promise.all([
                    valueOf(options.clients, secretId, { VersionStage: "AWSPENDING", VersionId: token }),
                    valueOf(options.clients, secretId, { VersionStage: "AWSCURRENT" }),
                ]);
                await behaviour.test(pending, current, context);
                context.log("the pending value passed its test");
                return;
            }
            case "finishSecret":
                return finishSecret(event, versions, options.redeployServices, context);
        }
    };
}
