// The certificate chain of the self-managed TimescaleDB, held by the stack (docs/decisions/0021):
// a CA of its own and a server certificate it signs for the database's fixed private IP address,
// so clients (our rotation functions, the services) verify the server, host name included,
// instead of trusting whatever answers on that address. Keys are ECDSA P-256: small PEMs (the
// CA goes into a Lambda environment, 4 KB in all) and supported by PostgreSQL's OpenSSL and Node.
// The private keys live only in Pulumi state, as secrets; the server's reaches the instance
// through a Secrets Manager secret on the secrets key, which only the instance role may read.
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { PlatformSecret } from "../secrets/platform-secret";
import { childName } from "../shared/naming";

/** Validity of the CA: ten years; replacing it is a planned, manual change (docs/secrets.md, "TimescaleDB: rotation and the server's certificate"). */
export const CA_VALIDITY_HOURS = 10 * 365 * 24;
/** Validity of the server certificate: five years, well inside the CA's. */
export const SERVER_VALIDITY_HOURS = 5 * 365 * 24;
/** The provider plans a new server certificate this long before the old one expires (on the next `pulumi up`). */
export const SERVER_EARLY_RENEWAL_HOURS = 90 * 24;
/** The server certificate's common name: what the self-signed one of earlier boots used. */
export const SERVER_COMMON_NAME = "timescaledb";

export interface TimescaleCertificatesArgs {
    readonly namePrefix: string;
    readonly environment: string;
    /** The database's fixed private address: the certificate's only subject alternative name. */
    readonly serverIp: pulumi.Input<string>;
    readonly secretsKeyArn: pulumi.Input<string>;
    readonly recoveryWindowInDays: number;
    readonly protect: boolean;
}

export class TimescaleCertificates extends pulumi.ComponentResource {
    /** PEM of the CA certificate: what clients trust. Not secret. */
    readonly caCertificate: pulumi.Output<string>;
    /** The secret holding the server's certificate and private key ({certificate, privateKey}). */
    readonly serverSecretArn: pulumi.Output<string>;

    constructor(name: string, args: TimescaleCertificatesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("hse:data:TimescaleCertificates", name, {}, opts);
        const key = (role: string) => new tls.PrivateKey(childName(name, `${role}-key`), { algorithm: "ECDSA", ecdsaCurve: "P256" }, { parent: this });

        const caKey = key("ca");
        const ca = new tls.SelfSignedCert(childName(name, "ca"), {
            privateKeyPem: caKey.privateKeyPem,
            isCaCertificate: true,
            subject: { commonName: `${args.namePrefix} TimescaleDB CA`, organization: "HSE" },
            validityPeriodHours: CA_VALIDITY_HOURS,
            allowedUses: ["cert_signing", "crl_signing"],
        }, { parent: this });

        const serverKey = key("server");
        const request = new tls.CertRequest(childName(name, "server-request"), {
            privateKeyPem: serverKey.privateKeyPem,
            subject: { commonName: SERVER_COMMON_NAME },
            ipAddresses: [args.serverIp],
        }, { parent: this });
        const server = new tls.LocallySignedCert(childName(name, "server"), {
            certRequestPem: request.certRequestPem,
            caPrivateKeyPem: caKey.privateKeyPem,
            caCertPem: ca.certPem,
            validityPeriodHours: SERVER_VALIDITY_HOURS,
            earlyRenewalHours: SERVER_EARLY_RENEWAL_HOURS,
            allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
        }, { parent: this });

        const secret = new PlatformSecret(childName(name, "server-secret"), {
            secretName: `hse/${args.environment}/timescale-tls`,
            description: "TimescaleDB server certificate and private key (the stack's CA); read by the instance at boot",
            kmsKeyArn: args.secretsKeyArn,
            recoveryWindowInDays: args.recoveryWindowInDays,
            protect: args.protect,
            value: pulumi.secret(pulumi.jsonStringify({ certificate: server.certPem, privateKey: serverKey.privateKeyPem })),
        }, { parent: this });

        this.caCertificate = ca.certPem;
        this.serverSecretArn = secret.arn;
        this.registerOutputs({ caCertificate: this.caCertificate, serverSecretArn: this.serverSecretArn });
    }
}
