// Rotation of the JWT signing secret on the shared protocol. A new value carries the secret it
// replaces in `previous`, so the services verify tokens signed with either while tokens issued
// before the rotation run out. The lifetimes come from the function's environment (the stack's
// config), so a changed lifetime reaches the services at the next rotation.
import { ECSClient } from "@aws-sdk/client-ecs";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { randomBytes } from "crypto";
import { parseServices } from "../shared/redeploy";
import { lifetimeSeconds, problemsOfRotatedValue, SIGNING_SECRET_BYTES } from "./jwt-value";
import { RotationBehaviour, RotationError, rotationHandler } from "./protocol";

export interface JwtLifetimes {
    readonly expiresIn?: string;
    readonly refreshExpiresIn?: string;
}

/** A new signing secret from Node's CSPRNG. */
export function newSigningSecret(): string {
    return randomBytes(SIGNING_SECRET_BYTES).toString("base64url");
}

function lifetime(name: string, configured: string | undefined, current: unknown): string {
    const value = configured ?? current;
    if (typeof value !== "string" || lifetimeSeconds(value) === undefined) {
        throw new RotationError(`${name} is not a lifetime such as 15m or 7d`);
    }
    return value;
}

export function jwtBehaviour(lifetimes: JwtLifetimes, generate: () => string = newSigningSecret): RotationBehaviour {
    return {
        kind: "jwt",
        create(current) {
            return Promise.resolve({
                secret: generate(),
                previous: current.secret,
                expiresIn: lifetime("JWT_EXPIRES_IN", lifetimes.expiresIn, current.expiresIn),
                refreshExpiresIn: lifetime("JWT_REFRESH_EXPIRES_IN", lifetimes.refreshExpiresIn, current.refreshExpiresIn),
            });
        },
        set(_pending, _current, context) {
            // The signing secret lives only in this secret: no database or service holds a copy
            // to update. The services load it when their tasks start (finishSecret redeploys them).
            context.log("nothing to set: the secret is only kept in Secrets Manager");
            return Promise.resolve();
        },
        test(pending, current, context) {
            const problems = problemsOfRotatedValue(pending, current);
            if (problems.length > 0) return Promise.reject(new RotationError(`the pending value is not usable: ${problems.join("; ")}`));
            context.log("the pending value is well formed");
            return Promise.resolve();
        },
    };
}

/** An empty variable counts as unset: the current lifetimes stay. */
const setting = (name: string): string | undefined => (process.env[name] ? process.env[name] : undefined);

export const handler = rotationHandler(
    jwtBehaviour({ expiresIn: setting("JWT_EXPIRES_IN"), refreshExpiresIn: setting("JWT_REFRESH_EXPIRES_IN") }),
    { clients: { secrets: new SecretsManagerClient({}), ecs: new ECSClient({}) }, redeployServices: parseServices(process.env.REDEPLOY_SERVICES) },
);
