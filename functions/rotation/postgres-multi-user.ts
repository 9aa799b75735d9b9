// Lambda entry: the multi-user rotation of a PostgreSQL user on a server whose certificate the
// stack's CA signed (DATABASE_CA_CERTIFICATE); see postgres-user.ts.
import { ECSClient } from "@aws-sdk/client-ecs";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { parseServices } from "../shared/redeploy";
import { caFromEnvironment, postgresUserBehaviour } from "./postgres-user";
import { rotationHandler } from "./protocol";

export const handler = rotationHandler(
    postgresUserBehaviour({ strategy: "multi-user", caCertificate: caFromEnvironment() }),
    { clients: { secrets: new SecretsManagerClient({}), ecs: new ECSClient({}) }, redeployServices: parseServices(process.env.REDEPLOY_SERVICES) },
);
