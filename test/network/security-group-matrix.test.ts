import { expect } from "chai";
import { MatrixArgs, RuleSpec, ruleName, securityGroupRules } from "../../components/network/security-group-matrix";

const seedArgs: MatrixArgs = {
    ports: { http: 8080, grpc: 50051, devicesTcp: 5000, postgres: 5432, timescale: 5432, redis: 6379 },
    albIngress: { source: "cidrs", cidrs: ["0.0.0.0/0"] },
    devicesIngressCidrs: ["0.0.0.0/0"],
    serviceInternetEgress: "all",
};

/** Every combination of the two switches that change the matrix's shape. */
const MODES: MatrixArgs[] = [
    seedArgs,
    { ...seedArgs, serviceInternetEgress: "https" },
    { ...seedArgs, albIngress: { source: "cloudfront" } },
    { ...seedArgs, albIngress: { source: "cloudfront" }, serviceInternetEgress: "https" },
    { ...seedArgs, serviceInternetEgress: "https", externalTimescalePort: 5432 },
    { ...seedArgs, serviceInternetEgress: "https", externalTimescalePort: 443 },
    { ...seedArgs, externalTimescalePort: 5432 },
];

/** "group direction port peer", as the seed's matrix (10.2.5) is read. */
function line(rule: RuleSpec): string {
    const peer = rule.peer.kind === "cidr" ? rule.peer.cidr : rule.peer.kind === "group" ? rule.peer.group : "cloudfront";
    return `${rule.group} ${rule.direction} ${rule.port ?? "all"} ${peer}`;
}

describe("security-group matrix (pure)", () => {
    it("gives every rule a description and a unique name", () => {
        for (const args of MODES) {
            const rules = securityGroupRules(args);
            const names = rules.map((r) => ruleName("hse-dev", r));
            expect(new Set(names).size).to.equal(names.length);
            for (const rule of rules) expect(rule.description, line(rule)).to.be.a("string").and.not.empty;
        }
    });

    it("says which way each rule of the seed's matrix goes", () => {
        // Seed 10.2.5 plus the NLB path, the data functions and the database host, in the order
        // the matrix declares them (security-groups.test.ts checks the same rules as resources).
        expect(securityGroupRules(seedArgs).map(line)).to.deep.equal([
            "alb ingress 443 0.0.0.0/0",
            "alb ingress 80 0.0.0.0/0",
            "alb egress 8080 services",
            "nlb ingress 5000 0.0.0.0/0",
            "nlb egress 5000 services",
            "nlb egress 8080 services",
            "services ingress 8080 alb",
            "services ingress 50051 services",
            "services ingress 5000 nlb",
            "services ingress 8080 nlb",
            "services egress 50051 services",
            "services egress 5432 database",
            "services egress 6379 redis",
            "services egress all 0.0.0.0/0",
            "database ingress 5432 services",
            "database ingress 5432 data-functions",
            "redis ingress 6379 services",
            "redis ingress 6379 data-functions",
            "data-functions egress 5432 database",
            "data-functions egress 6379 redis",
            "data-functions egress 443 0.0.0.0/0",
            "database-host egress 443 0.0.0.0/0",
            "database-host egress 80 0.0.0.0/0",
        ]);
    });

    it("lets the services reach the internet on all traffic (the seed) or on HTTPS only, saying which", () => {
        const internet = (args: MatrixArgs) => securityGroupRules(args).filter((r) => r.group === "services" && r.peer.kind === "cidr");
        expect(internet(seedArgs)).to.deep.equal([
            { group: "services", direction: "egress", peer: { kind: "cidr", cidr: "0.0.0.0/0" }, description: "All traffic to the internet (through NAT or endpoints)" },
        ]);
        expect(internet({ ...seedArgs, serviceInternetEgress: "https" })).to.deep.equal([
            { group: "services", direction: "egress", port: 443, peer: { kind: "cidr", cidr: "0.0.0.0/0" }, description: "HTTPS to the VPC endpoints, AWS APIs and the internet" },
        ]);
    });

    it("opens an external TimescaleDB's port to the internet in https mode, and nothing more in all mode or on 443", () => {
        const internet = (args: MatrixArgs) => securityGroupRules(args).filter((r) => r.group === "services" && r.peer.kind === "cidr").map(line);
        expect(internet({ ...seedArgs, serviceInternetEgress: "https", externalTimescalePort: 5432 })).to.deep.equal(["services egress 443 0.0.0.0/0", "services egress 5432 0.0.0.0/0"]);
        expect(internet({ ...seedArgs, serviceInternetEgress: "https", externalTimescalePort: 443 })).to.deep.equal(["services egress 443 0.0.0.0/0"]);
        expect(internet({ ...seedArgs, externalTimescalePort: 5432 })).to.deep.equal(["services egress all 0.0.0.0/0"]);
        const external = securityGroupRules({ ...seedArgs, serviceInternetEgress: "https", externalTimescalePort: 6543 }).find((r) => r.port === 6543 && r.group === "services");
        expect(external?.description).to.equal("TimescaleDB 6543 to the external (managed) TimescaleDB service");
    });

    it("opens only 443 from the CloudFront prefix list in cloudfront mode (its weight is 55 rules)", () => {
        const alb = securityGroupRules({ ...seedArgs, albIngress: { source: "cloudfront" } }).filter((r) => r.group === "alb" && r.direction === "ingress");
        expect(alb).to.deep.equal([{ group: "alb", direction: "ingress", port: 443, peer: { kind: "cloudfront" }, description: "HTTPS from CloudFront origin-facing servers" }]);
    });

    it("opens 443 and 80 from each configured CIDR", () => {
        const alb = securityGroupRules({ ...seedArgs, albIngress: { source: "cidrs", cidrs: ["203.0.113.0/24", "198.51.100.0/24"] } })
            .filter((r) => r.group === "alb" && r.direction === "ingress")
            .map((r) => `${r.port} ${r.peer.kind === "cidr" ? r.peer.cidr : "?"}`);
        expect(alb).to.have.members(["443 203.0.113.0/24", "80 203.0.113.0/24", "443 198.51.100.0/24", "80 198.51.100.0/24"]);
    });

    it("limits service egress to the internet to TCP 443 in https mode", () => {
        const internet = securityGroupRules({ ...seedArgs, serviceInternetEgress: "https" }).filter(
            (r) => r.group === "services" && r.direction === "egress" && r.peer.kind === "cidr",
        );
        expect(internet.map((r) => r.port)).to.deep.equal([443]);
    });

    it("follows configured ports", () => {
        const rules = securityGroupRules({ ...seedArgs, ports: { ...seedArgs.ports, devicesTcp: 7000, postgres: 6432, timescale: 6432 } });
        expect(rules.filter((r) => r.group === "nlb").map((r) => r.port)).to.deep.equal([7000, 7000, 8080]);
        expect(rules.filter((r) => r.group === "database").map((r) => r.port)).to.deep.equal([6432, 6432]);
        const apart = securityGroupRules({ ...seedArgs, ports: { ...seedArgs.ports, timescale: 6543 } });
        expect(apart.filter((r) => r.group === "database").map((r) => r.port)).to.deep.equal([5432, 5432, 6543, 6543]);
    });

    it("names a rule by its identity, not its position", () => {
        const rule = securityGroupRules(seedArgs).find((r) => r.group === "alb" && r.port === 443)!;
        expect(ruleName("hse-dev", rule)).to.equal("hse-dev-alb-in-443-0-0-0-0-0");
    });

    it("names a rule by its peer of each kind: a CIDR, a group, or CloudFront; and all traffic as all", () => {
        const rules = securityGroupRules({ ...seedArgs, albIngress: { source: "cloudfront" } });
        const named = (group: string, direction: string, port: number | undefined) =>
            rules.filter((r) => r.group === group && r.direction === direction && r.port === port).map((r) => ruleName("hse-staging", r));
        expect(named("alb", "ingress", 443)).to.deep.equal(["hse-staging-alb-in-443-cloudfront"]);
        expect(named("services", "egress", 5432)).to.deep.equal(["hse-staging-services-out-5432-database"]);
        expect(named("services", "egress", undefined)).to.deep.equal(["hse-staging-services-out-all-0-0-0-0-0"]);
        expect(named("nlb", "ingress", 5000)).to.deep.equal(["hse-staging-nlb-in-5000-0-0-0-0-0"]);
    });
});
