// Certificates for tests that need a server clients can verify: a CA of the test's own and a
// server certificate it signs, made with the openssl command line (Debian's openssl package).
// ECDSA P-256, as the stack's chain (components/data/timescale-certificates.ts).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { tempDir } from "./temp-dir";

export interface TestCertificateAuthority {
    /** PEM of the CA certificate: what a client trusts. */
    readonly certificate: string;
    readonly certificateFile: string;
    readonly keyFile: string;
}

export interface TestServerCertificate {
    readonly certificateFile: string;
    readonly keyFile: string;
}

function openssl(args: string[], cwd: string): void {
    execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

/** A new self-signed CA (basicConstraints CA:TRUE) named `commonName`. */
export function testCertificateAuthority(commonName: string): TestCertificateAuthority {
    const dir = tempDir("ca");
    openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key"], dir);
    openssl([
        "req", "-new", "-x509", "-key", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", `/CN=${commonName}`,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ], dir);
    const certificateFile = path.join(dir, "ca.crt");
    return { certificate: fs.readFileSync(certificateFile, "utf8"), certificateFile, keyFile: path.join(dir, "ca.key") };
}

/** A server certificate signed by `ca`, for the IP addresses `ips` (subjectAltName IP entries only). */
export function testServerCertificate(ca: TestCertificateAuthority, commonName: string, ips: readonly string[]): TestServerCertificate {
    const dir = tempDir("server-cert");
    fs.writeFileSync(path.join(dir, "extensions.cnf"), [
        "basicConstraints=critical,CA:FALSE",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        "extendedKeyUsage=serverAuth",
        `subjectAltName=${ips.map((ip) => `IP:${ip}`).join(",")}`,
        "",
    ].join("\n"));
    openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "server.key"], dir);
    openssl(["req", "-new", "-key", "server.key", "-out", "server.csr", "-subj", `/CN=${commonName}`], dir);
    openssl([
        "x509", "-req", "-in", "server.csr", "-CA", ca.certificateFile, "-CAkey", ca.keyFile, "-CAcreateserial",
        "-out", "server.crt", "-days", "2", "-extfile", "extensions.cnf",
    ], dir);
    return { certificateFile: path.join(dir, "server.crt"), keyFile: path.join(dir, "server.key") };
}
