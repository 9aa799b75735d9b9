// Rotation of an ElastiCache (Valkey/Redis) RBAC user's password. AWS documents such a
// function but does not publish it in the Serverless Application Repository, so this one is
// ours, on the shared protocol. The user keeps two passwords (ElastiCache allows two): the new
// one and the one before, so clients that loaded the previous value keep connecting until the
// next rotation, by which time the protocol has redeployed them.
import { DescribeUsersCommand, ElastiCacheClient, ModifyUserCommand } from "@aws-sdk/client-elasticache";
import { ECSClient } from "@aws-sdk/client-ecs";
import { GetRandomPasswordCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { parseServices } from "../shared/redeploy";
import { CacheLoginOptions, loginAndPing } from "./cache-login";
import { RotationBehaviour, RotationContext, RotationError, rotationHandler, SecretValue } from "./protocol";

/** ElastiCache passwords: 16-128 printable characters without @, " or / (ElastiCache user guide, AUTH). */
export const PASSWORD_LENGTH = 32;
export const EXCLUDED_CHARACTERS = `@"/\\'`;
const VALID_PASSWORD = /^[^@"/\s]{16,128}$/;

export interface ElastiCacheUserOptions {
    readonly elasticache: ElastiCacheClient;
    readonly userId: string;
    /** Polls of DescribeUsers while the user is "modifying". */
    readonly maxPolls?: number;
    readonly pollIntervalMs?: number;
    /** How the test step reaches the cache (a test's certificate authority, say). */
    readonly login?: CacheLoginOptions;
}

/** Where and how the secret says to connect: the stack writes these keys (components/data/cache.ts). */
function endpointOf(value: SecretValue): { host: string; port: number; tls: boolean; username: string } {
    const { host, port, tls, username } = value;
    if (typeof host !== "string" || host === "" || typeof username !== "string" || username === "") {
        throw new RotationError("the pending value has no host or username");
    }
    const portNumber = Number(port);
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) throw new RotationError("the pending value has no valid port");
    return { host, port: portNumber, tls: tls !== false, username };
}

function passwordOf(value: SecretValue, which: string): string {
    const password = value.password;
    if (typeof password !== "string" || !VALID_PASSWORD.test(password)) {
        throw new RotationError(`the ${which} value has no valid password (16-128 characters, none of @ " / or spaces)`);
    }
    return password;
}

async function userStatus(options: ElastiCacheUserOptions): Promise<string> {
    const { Users = [] } = await options.elasticache.send(new DescribeUsersCommand({ UserId: options.userId }));
    if (Users.length !== 1) throw new RotationError(`ElastiCache user ${options.userId} not found`);
    return Users[0].Status ?? "unknown";
}

async function waitUntilActive(options: ElastiCacheUserOptions, context: RotationContext): Promise<void> {
    const polls = options.maxPolls ?? 60;
    for (let i = 0; i < polls; i++) {
        if ((await userStatus(options)) === "active") return;
        await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 5000));
    }
    context.log("the user did not become active in time", { polls });
    throw new RotationError(`ElastiCache user ${options.userId} is not active after ${polls} polls`);
}

export function elastiCacheUserBehaviour(options: ElastiCacheUserOptions): RotationBehaviour {
    return {
        kind: "elasticache-user",
        async create(current, context) {
            const { RandomPassword } = await context.clients.secrets.send(
                new GetRandomPasswordCommand({ PasswordLength: PASSWORD_LENGTH, ExcludeCharacters: EXCLUDED_CHARACTERS, IncludeSpace: false }),
            );
            if (!RandomPassword) throw new RotationError("Secrets Manager returned no password");
            return { ...current, password: RandomPassword };
        },
        async set(pending, current, context) {
            const newPassword = passwordOf(pending, "pending");
            const previousPassword = passwordOf(current, "current");
            await waitUntilActive(options, context);
            await options.elasticache.send(
                new ModifyUserCommand({ UserId: options.userId, AuthenticationMode: { Type: "password", Passwords: [newPassword, previousPassword] } }),
            );
            context.log("the user now accepts the pending and the current password", { userId: options.userId });
            await waitUntilActive(options, context);
        },
        // Logs in with the pending password, as a client would (AWS's rotation functions test by
        // connecting with the pending value too): a password ElastiCache holds but that does not
        // authenticate never becomes AWSCURRENT.
        async test(pending, _current, context) {
            const password = passwordOf(pending, "pending");
            const endpoint = endpointOf(pending);
            await loginAndPing({ ...endpoint, password }, options.login);
            context.log("the pending password logs in and the cache answers PING", { host: endpoint.host, port: endpoint.port, tls: endpoint.tls, username: endpoint.username });
        },
    };
}

export const handler = rotationHandler(
    elastiCacheUserBehaviour({ elasticache: new ElastiCacheClient({}), userId: process.env.ELASTICACHE_USER_ID ?? "" }),
    { clients: { secrets: new SecretsManagerClient({}), ecs: new ECSClient({}) }, redeployServices: parseServices(process.env.REDEPLOY_SERVICES) },
);
