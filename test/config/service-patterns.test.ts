// A service's value patterns at their edges: environment variable names, image tags and digests,
// external repository URLs, port names, ALB path patterns, Service Connect names and container
// users; each refusal names the key.
import { expect } from "chai";
import { configProblems, editSection, keyOf } from "./edit";

const svc = keyOf("services");
const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;
const monolith = (change: (m: Record<string, any>) => void) => editSection("services", (s) => change(s.monolith));

interface Pattern {
    readonly what: string;
    readonly set: (value: string) => ReturnType<typeof editSection>;
    readonly key: (value: string) => string;
    readonly says: string;
    readonly accepted: string[];
    readonly refused: string[];
}

const PATTERNS: Pattern[] = [
    {
        what: "an environment variable name",
        set: (value) => monolith((m) => { m.environment = { [value]: "1" }; }),
        key: (value) => svc(`monolith.environment.${value}`),
        says: "must be an environment variable name",
        accepted: ["A", "_private", "NODE_ENV", "x9"],
        refused: ["9LIVES", "NODE-ENV", "NODE ENV", "É"],
    },
    {
        what: "an image",
        set: (value) => monolith((m) => { m.image = value; }),
        key: () => svc("monolith.image"),
        says: "must be an image tag",
        accepted: ["1.0.0", "_build", "v".repeat(128), DIGEST],
        refused: [".hidden", "v".repeat(129), `x${DIGEST}`, `${DIGEST}0`, "sha256:ABC"],
    },
    {
        what: "an external repository URL",
        set: (value) => monolith((m) => { m.repository = { url: value }; }),
        key: () => svc("monolith.repository.url"),
        says: "must be an ECR repository URL",
        accepted: ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/hse/monolith", "123456789012.dkr.ecr.us-east-1.amazonaws.com/a.b_c-d"],
        refused: ["x123456789012.dkr.ecr.eu-west-1.amazonaws.com/hse", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/hse/", "12345678901.dkr.ecr.eu-west-1.amazonaws.com/hse", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/Hse"],
    },
    {
        what: "a port name",
        set: (value) => monolith((m) => { m.ports = [{ ...m.ports[0], name: value }]; m.alb.port = value; }),
        key: () => svc("monolith.ports[0].name"),
        says: "must be a port name",
        accepted: ["h", "9http", "http_1-a", "p".repeat(64)],
        refused: ["-http", "Http", "http!", "p".repeat(65)],
    },
    {
        what: "an ALB path pattern",
        set: (value) => editSection("services", (s) => { s.devices.alb.paths = [value]; }),
        key: () => svc("devices.alb.paths[0]"),
        says: "must be a path pattern such as /devices/*",
        accepted: ["/", "/devices/*", "/a.b~c?d_e-f", `/${"p".repeat(127)}`],
        refused: ["devices/*", "x/devices", "/devices/ *", `/${"p".repeat(128)}`],
    },
    {
        what: "a Service Connect name",
        set: (value) => editSection("services", (s) => { s.devices.serviceConnect.dnsName = value; s.monolith.environment.DEVICES_GRPC_URL = `${value}:50051`; }),
        key: () => svc("devices.serviceConnect.dnsName"),
        says: "must be a DNS name such as hse-devices.local",
        accepted: ["d", "hse-devices.local", "a.b-c", `a${"b".repeat(251)}c`],
        refused: ["-devices", "devices-", "Hse-devices.local", "x_y", `a${"b".repeat(252)}c`],
    },
    {
        what: "a plain environment variable's name",
        set: (value) => monolith((m) => { m.environment = { [value]: "1" }; }),
        key: (value) => svc(`monolith.environment.${value}`),
        says: "looks like a secret",
        accepted: ["PASSENGER_COUNT", "BYPASS_CACHE", "COMPASS_URL", "PASSPORT_ISSUER", "PWA_ENABLED", "POWER"],
        refused: ["DB_PASS", "PASS", "redis_pwd", "SMTP_PW", "DB_PASSWD", "GPG_PASSPHRASE", "AWS_CREDENTIALS", "STRIPE_APIKEY"],
    },
    {
        what: "a plain environment value",
        set: (value) => monolith((m) => { m.environment = { TARGET: value }; }),
        key: () => svc("monolith.environment.TARGET"),
        says: "holds a URL with a password",
        accepted: ["https://api.example.com/v1", "postgres://hse@db:5432/hse", "http://host:8080/path@x", "mailto:ops@hse.com", "user:pass@host"],
        refused: ["amqps://hse:hunter2@mq:5671", "rediss://:hunter2@cache:6379", "HTTPS://U:P@H/x", "mongodb+srv://a:b@c.d/e"],
    },
    {
        what: "a container user",
        set: (value) => monolith((m) => { m.user = value; }),
        key: () => svc("monolith.user"),
        says: "must be uid or uid:gid",
        accepted: ["1000", "1000:1000", "0:10"],
        refused: ["app", "x1000", "1000:", "1000:g", ":1000", "1000:1000x"],
    },
];

const shown = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 12)}... (${value.length} characters)` : value);

describe("service value patterns at their edges", () => {
    for (const pattern of PATTERNS) {
        for (const value of pattern.accepted) {
            it(`accepts ${pattern.what} ${shown(value)}`, () => {
                expect(configProblems("dev", pattern.set(value))).to.deep.equal([]);
            });
        }
        for (const value of pattern.refused) {
            it(`refuses ${pattern.what} ${shown(value)}, naming the key`, () => {
                const problems = configProblems("dev", pattern.set(value));
                expect(problems.map((p) => p.key)).to.deep.equal([pattern.key(value)]);
                expect(problems[0].message).to.include(pattern.says);
            });
        }
    }
});

describe("a refused environment value", () => {
    it("is never repeated in the message: it holds a password", () => {
        const problems = configProblems("dev", monolith((m) => { m.environment = { TARGET: "amqps://hse:hunter2@mq:5671" }; }));
        expect(problems).to.have.length(1);
        expect(JSON.stringify(problems)).not.to.include("hunter2");
    });
});
