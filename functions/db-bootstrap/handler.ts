// Lambda entry point of the database bootstrap. The stack invokes it (aws.lambda.Invocation)
// on create and whenever its input changes. It reads the master credentials (the secret RDS
// manages) and the application's initial password from Secrets Manager, connects over TLS
// that verifies the server (RDS CAs from the runtime: NODE_EXTRA_CA_CERTS), and prepares the
// server and the application database. It returns what it did, never a credential. RDS may be
// rotating the master password while it runs (decision 0022): a refused password (28P01) makes
// it read the secret again and retry, a few times, before it gives up.
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Client, ClientConfig } from "pg";
import { BootstrapPlan, BootstrapResult, INVALID_PASSWORD, prepareDatabase, prepareServer } from "./bootstrap";

export interface BootstrapEvent extends BootstrapPlan {
    readonly host: string;
    readonly port: number;
    /** The secret RDS manages for the master user: {username, password}. */
    readonly masterSecretArn: string;
    /** The application's secret: its password is the role's first password. */
    readonly appSecretArn: string;
}

/** What the bootstrap reaches outside itself: Secrets Manager and PostgreSQL. Tests give their own. */
export interface BootstrapDependencies {
    /** The SecretString of a secret, if it has one. */
    getSecretString(secretId: string): Promise<string | undefined>;
    /** A connected client for these settings. */
    connect(settings: ClientConfig): Promise<Client>;
    /** Waits between attempts (tests give one that does not wait). */
    sleep(ms: number): Promise<void>;
}

/** How often, and how far apart, a refused master password is read again and retried. */
export const MASTER_ATTEMPTS = 6;
export const MASTER_RETRY_DELAY_MS = 5_000;

/** Parses a secret's text without ever quoting it: JSON.parse's own message would. */
function parseSecret(secretId: string, text: string | undefined): { username?: unknown; password?: unknown } {
    let value: unknown;
    try {
        value = JSON.parse(text ?? "{}");
    } catch {
        throw new Error(`secret ${secretId} is not JSON`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new Error(`secret ${secretId} is not a JSON object`);
    }
    return value;
}

async function credentials(deps: BootstrapDependencies, secretId: string): Promise<{ username: string; password: string }> {
    const value = parseSecret(secretId, await deps.getSecretString(secretId));
    if (typeof value.username !== "string" || typeof value.password !== "string") {
        throw new Error(`secret ${secretId} has no username and password`);
    }
    return { username: value.username, password: value.password };
}

function log(message: string, fields: Record<string, string | boolean> = {}): void {
    console.log(JSON.stringify({ function: "db-bootstrap", message, ...fields }));
}

/** How the bootstrap connects: TLS that verifies the server's certificate, always. */
export function connectionSettings(event: Pick<BootstrapEvent, "host" | "port">, database: string, user: { username: string; password: string }): ClientConfig {
    return { host: event.host, port: event.port, database, user: user.username, password: user.password, ssl: { rejectUnauthorized: true } };
}

const refusedPassword = (error: unknown) => (error as { code?: unknown } | null)?.code === INVALID_PASSWORD;

/**
 * Connects as the master user, reading its secret afresh for each attempt: a password refused
 * while RDS rotates it (between its setSecret and finishSecret) is retried with the value the
 * secret holds a moment later. Any other failure is not retried.
 */
async function connectAsMaster(deps: BootstrapDependencies, event: BootstrapEvent, database: string): Promise<Client> {
    for (let attempt = 1; ; attempt++) {
        const master = await credentials(deps, event.masterSecretArn);
        try {
            return await deps.connect(connectionSettings(event, database, master));
        } catch (error) {
            if (!refusedPassword(error)) throw error;
            if (attempt >= MASTER_ATTEMPTS) {
                throw new Error(`the master password of secret ${event.masterSecretArn} was refused ${MASTER_ATTEMPTS} times (28P01); is its rotation stuck?`, { cause: error });
            }
            log("master password refused (28P01), perhaps mid-rotation; reading the secret again", { attempt: String(attempt) });
            await deps.sleep(MASTER_RETRY_DELAY_MS);
        }
    }
}

async function asMaster<T>(deps: BootstrapDependencies, event: BootstrapEvent, database: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = await connectAsMaster(deps, event, database);
    try {
        return await work(client);
    } finally {
        await client.end();
    }
}

/** Prepares the server and the application database as the master user; returns what it did. */
export async function bootstrap(event: BootstrapEvent, deps: BootstrapDependencies): Promise<BootstrapResult & { database: string; role: string }> {
    const app = await credentials(deps, event.appSecretArn);
    const server = await asMaster(deps, event, "postgres", (client) => prepareServer(client, event, app.password, log));
    const extensions = await asMaster(deps, event, event.database, (client) => prepareDatabase(client, event, log));
    return { ...server, extensions, database: event.database, role: event.role };
}

const secrets = new SecretsManagerClient({});

const AWS: BootstrapDependencies = {
    getSecretString: async (secretId) => (await secrets.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString,
    connect: async (settings) => {
        const client = new Client(settings);
        await client.connect();
        return client;
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const handler = (event: BootstrapEvent) => bootstrap(event, AWS);
