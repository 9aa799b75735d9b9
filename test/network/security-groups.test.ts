import { expect } from "chai";
// Imported here, not only through the program: its module-level tables (the groups' purposes,
// the prefix list's name) are then loaded before any test, so a mutation tool tries every test
// on them, not just the one that happened to build a stack first.
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST } from "../../components/network/security-groups";
import { buildStack, DeclaredResource, ResourceSet } from "../../offline/build";
import { editSection, externalTimescale } from "../config/edit";
import { T } from "./queries";

/**
 * Seed 10.2.5 plus the NLB path, then the data tier's functions and database host, written as
 * "group direction protocol port peer".
 */
const MATRIX_BEHIND_THE_ALB = [
    "alb out tcp 8080 services",
    "nlb in tcp 5000 0.0.0.0/0",
    "nlb out tcp 5000 services",
    "nlb out tcp 8080 services",
    "services in tcp 8080 alb",
    "services in tcp 50051 services",
    "services in tcp 5000 nlb",
    "services in tcp 8080 nlb",
    "services out tcp 50051 services",
    // Each service's own group reaches the stores whose secrets it reads (decision 0039).
    "service-monolith out tcp 5432 database",
    "database in tcp 5432 service-monolith",
    "service-monolith out tcp 6379 redis",
    "redis in tcp 6379 service-monolith",
    "service-devices out tcp 5432 database-host",
    "database-host in tcp 5432 service-devices",
    "service-devices out tcp 6379 redis",
    "redis in tcp 6379 service-devices",
    "database in tcp 5432 data-functions",
    "database-host in tcp 5432 data-functions",
    "redis in tcp 6379 data-functions",
    "data-functions out tcp 5432 database",
    "data-functions out tcp 5432 database-host",
    "data-functions out tcp 6379 redis",
    "data-functions out tcp 443 0.0.0.0/0",
    "database-host out tcp 443 0.0.0.0/0",
    "database-host out tcp 80 0.0.0.0/0",
];
const GROUPS = ["alb", "nlb", "services", "database", "redis", "data-functions", "database-host", "service-monolith", "service-devices"];
/** dev takes HTTPS and HTTP from anywhere; staging and production, with CloudFront in front, HTTPS from CloudFront only. */
const ALB_INGRESS: Record<string, string[]> = {
    dev: ["alb in tcp 443 0.0.0.0/0", "alb in tcp 80 0.0.0.0/0"],
    staging: ["alb in tcp 443 pl-3b927c52"],
    production: ["alb in tcp 443 pl-3b927c52"],
};

/** dev keeps the seed's all-traffic egress by an explicit value; staging and production reach 443 only (decision 0029). */
const SERVICE_INTERNET_EGRESS: Record<string, string[]> = {
    dev: ["services out -1 all 0.0.0.0/0"],
    staging: ["services out tcp 443 0.0.0.0/0"],
    production: ["services out tcp 443 0.0.0.0/0"],
};

/** What each group is for, as its AWS description says it (followed by the environment's prefix). */
const PURPOSES: Record<string, string> = {
    alb: "Application load balancer",
    nlb: "Network load balancer for device TCP connections",
    services: "ECS Fargate service tasks",
    database: "PostgreSQL (RDS) and TimescaleDB",
    redis: "ElastiCache Redis",
    "data-functions": "Data tier functions (database bootstrap, rotation)",
    "database-host": "Self-managed database host (TimescaleDB): outbound for packages and AWS APIs",
    "service-monolith": "ECS service monolith: reaches only the data stores whose secrets it reads",
    "service-devices": "ECS service devices: reaches only the data stores whose secrets it reads",
};

function groupKey(group: DeclaredResource): string {
    return group.name.replace(/^hse-[a-z]+-/, "").replace(/-sg$/, "");
}

function describeRule(built: ResourceSet, rule: DeclaredResource, direction: "in" | "out"): string {
    const group = groupKey(built.byId(rule.inputs.securityGroupId));
    const { ipProtocol, fromPort, toPort, cidrIpv4, referencedSecurityGroupId, prefixListId } = rule.inputs;
    expect(fromPort, rule.name).to.equal(toPort);
    const peer = cidrIpv4 ?? prefixListId ?? groupKey(built.byId(referencedSecurityGroupId));
    return `${group} ${direction} ${ipProtocol} ${fromPort ?? "all"} ${peer}`;
}

/** Every rule of the security-groups component, one line each. */
function matrixOf(built: ResourceSet): string[] {
    return [
        ...built.ofType(T.ingress).map((r) => describeRule(built, r, "in")),
        ...built.ofType(T.egress).map((r) => describeRule(built, r, "out")),
    ];
}

for (const stack of ["dev", "staging", "production"]) {
    describe(`security-group matrix of ${stack}`, () => {
        let built: ResourceSet;
        before(async () => {
            built = (await buildStack(stack)).subtree(`hse-${stack}-security-groups`);
        });

        it("has the seven groups of the platform and one per service in the VPC", () => {
            const groups = built.ofType(T.securityGroup);
            expect(groups.map(groupKey)).to.have.members(GROUPS);
            expect(groups).to.have.length(GROUPS.length);
            const vpc = built.byId(groups[0].inputs.vpcId);
            expect(vpc.type).to.equal(T.vpc);
            for (const g of groups) expect(g.inputs.vpcId).to.equal(vpc.id);
        });

        it("is exactly the matrix: no other ingress, no other egress", () => {
            const matrix = [...ALB_INGRESS[stack], ...MATRIX_BEHIND_THE_ALB, ...SERVICE_INTERNET_EGRESS[stack]];
            expect(matrixOf(built)).to.have.members(matrix);
            expect(matrixOf(built)).to.have.length(matrix.length);
        });

        it("gives the database and Redis groups no egress at all", () => {
            const noEgress = built.ofType(T.securityGroup).filter((g) => ["database", "redis"].includes(groupKey(g)));
            expect(noEgress).to.have.length(2);
            for (const group of noEgress) {
                expect(built.ofType(T.egress).filter((r) => r.inputs.securityGroupId === group.id), group.name).to.deep.equal([]);
            }
        });

        it("declares no rule inline, so AWS's default allow-all egress is removed", () => {
            for (const group of built.ofType(T.securityGroup)) {
                expect(group.inputs.ingress ?? [], group.name).to.deep.equal([]);
                expect(group.inputs.egress ?? [], group.name).to.deep.equal([]);
            }
        });

        it("says in each group's description what it is for and whose it is, and names it by its key", () => {
            const groups = built.ofType(T.securityGroup);
            expect(Object.fromEntries(groups.map((g) => [groupKey(g), g.inputs.description]))).to.deep.equal(
                Object.fromEntries(GROUPS.map((key) => [key, `${PURPOSES[key]} (hse-${stack})`])),
            );
            for (const g of groups) expect(g.inputs.tags, g.name).to.deep.equal({ Name: `hse-${stack}-${groupKey(g)}` });
        });

        it("describes every group and every rule", () => {
            for (const r of [...built.ofType(T.securityGroup), ...built.ofType(T.ingress), ...built.ofType(T.egress)]) {
                expect(r.inputs.description, r.name).to.be.a("string").with.length.greaterThan(10);
            }
        });
    });
}

describe("security-group matrix behind CloudFront", () => {
    it("looks CloudFront's origin-facing servers up by the AWS-managed prefix list's name", () => {
        // CloudFront developer guide, "Restrict access to Application Load Balancers".
        expect(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST).to.equal("com.amazonaws.global.cloudfront.origin-facing");
    });
});

describe("security-group matrix with HTTPS-only egress", () => {
    it("opens to the internet only 443 out of the services in dev too when dev says https", async () => {
        const built = await buildStack("dev", { editConfig: editSection("network", (n) => { n.serviceInternetEgress = "https"; }) });
        const matrix = matrixOf(built.subtree("hse-dev-security-groups"));
        expect(matrix.filter((l) => l.startsWith("services out") && l.endsWith("0.0.0.0/0"))).to.deep.equal(["services out tcp 443 0.0.0.0/0"]);
    });

    it("defaults to HTTPS only when the key is left out", async () => {
        const built = await buildStack("dev", { editConfig: editSection("network", (n) => { delete n.serviceInternetEgress; }) });
        const matrix = matrixOf(built.subtree("hse-dev-security-groups"));
        expect(matrix.filter((l) => l.startsWith("services out") && l.endsWith("0.0.0.0/0"))).to.deep.equal(["services out tcp 443 0.0.0.0/0"]);
    });

    it("opens an external TimescaleDB's port, and no other, beside 443 in production: to its readers only", async () => {
        const built = await buildStack("production", {
            editConfig: externalTimescale({ host: "tsdb.example.com", port: 6543, database: "tsdb", appUsername: "tsdbadmin", secretArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:tsdb" }),
        });
        const matrix = matrixOf(built.subtree("hse-production-security-groups"));
        expect(matrix.filter((l) => l.startsWith("service") && l.includes(" out ") && l.endsWith("0.0.0.0/0"))).to.have.members(["services out tcp 443 0.0.0.0/0", "service-devices out tcp 6543 0.0.0.0/0"]);
        expect(matrix.filter((l) => l.includes("database-host") && !l.startsWith("database-host out"))).to.deep.equal([]);
    });
});

describe("security-group matrix with TimescaleDB on its own port", () => {
    it("opens TimescaleDB's port on its host to its readers and the data functions, and RDS's port on RDS", async () => {
        const built = await buildStack("dev", { editConfig: editSection("timescale", (t) => { t.port = 6432; }) });
        const matrix = matrixOf(built.subtree("hse-dev-security-groups"));
        for (const line of ["service-devices out tcp 6432 database-host", "database-host in tcp 6432 service-devices", "database-host in tcp 6432 data-functions", "data-functions out tcp 6432 database-host"]) {
            expect(matrix).to.include(line);
        }
        // RDS's group opens RDS's port alone.
        expect(matrix.filter((l) => /^database in tcp 6432 |6432 database$/.test(l))).to.deep.equal([]);
        expect(matrix).to.include("service-monolith out tcp 5432 database");
    });
});
