// The edge per environment: the ALB (seed §10.2.4), the devices' NLB, CloudFront with its WAF
// where enabled (seed §10.1), the certificate and the public names.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { replacementSuffix } from "../../components/shared/naming";
import { MANAGED_RULE_GROUPS } from "../../components/edge/web-acl";
import { buildStack, BuiltStack, ResourceSet } from "../../offline/build";
import { secretValue, statementsBySid } from "../data/types";
import { T } from "./types";

for (const stack of ["dev", "staging", "production"]) {
    describe(`edge of ${stack}`, () => {
        let built: BuiltStack;
        let alb: ResourceSet;
        let nlb: ResourceSet;
        before(async () => {
            built = await buildStack(stack);
            alb = built.subtree(`hse-${stack}-alb`);
            nlb = built.subtree(`hse-${stack}-nlb`);
        });
        const protect = stack === "production";
        const cdn = stack !== "dev";
        const domain = `api-${stack}.hse.com`;
        const network = () => built.outputs.network;
        const tg = (service: string) => alb.named(`hse-${stack}-alb-${service}-tg`);
        const certificateArn = () => built.subtree(`hse-${stack}-certificate`).one(T.validation).outputs?.certificateArn;
        const originSecret = () => secretValue(built.subtree(`hse-${stack}-origin-secret`).one("random:index/randomPassword:RandomPassword").outputs?.result);

        it("has an internet-facing ALB in the public subnets that drops invalid headers and mitigates desync", () => {
            const lb = alb.one(T.lb);
            expect(lb.inputs).to.include({ name: `hse-${stack}-alb`, loadBalancerType: "application", internal: false, idleTimeout: 60, dropInvalidHeaderFields: true, desyncMitigationMode: "defensive", enableDeletionProtection: protect });
            expect(lb.inputs.subnets).to.deep.equal(network().subnetIds.public);
            expect(lb.inputs.securityGroups).to.deep.equal([network().securityGroupIds.alb]);
        });

        it("serves HTTPS on 443 with a TLS 1.3 policy and the environment's certificate, and redirects 80 to it", () => {
            const listeners = Object.fromEntries(alb.ofType(T.listener).map((l) => [l.inputs.port, l]));
            expect(listeners[443].inputs).to.include({ protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", certificateArn: certificateArn() });
            expect(listeners[80].inputs).to.include({ protocol: "HTTP" });
            expect(listeners[80].inputs.defaultActions).to.deep.equal([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
        });

        it(`${cdn ? "refuses every request without CloudFront's secret header" : "sends what no rule takes to the monolith"}`, () => {
            const https = alb.ofType(T.listener).find((l) => l.inputs.port === 443)!;
            expect(https.inputs.defaultActions).to.deep.equal([
                cdn ? { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "403", messageBody: "Forbidden" } } : { type: "forward", targetGroupArn: tg("monolith").outputs?.arn },
            ]);
        });

        it("routes the devices' paths to the devices target group and the rest to the monolith", () => {
            const header = cdn ? [{ httpHeader: { httpHeaderName: "X-Origin-Verify", values: [originSecret()] } }] : [];
            const rules = alb.ofType(T.rule).map((r) => ({ priority: r.inputs.priority, conditions: cdn ? secretValue(r.inputs.conditions) : r.inputs.conditions, actions: r.inputs.actions }));
            expect(rules).to.have.deep.members([
                { priority: 100, conditions: [{ pathPattern: { values: ["/devices/*"] } }, ...header], actions: [{ type: "forward", targetGroupArn: tg("devices").outputs?.arn }] },
                ...(cdn ? [{ priority: 50000, conditions: header, actions: [{ type: "forward", targetGroupArn: tg("monolith").outputs?.arn }] }] : []),
            ]);
            // The secret never appears in the rules in plain text.
            for (const r of alb.ofType(T.rule).filter(() => cdn)) expect(pulumi.runtime.isRpcSecret(r.inputs.conditions)).to.equal(true);
        });

        it("has ip target groups on 8080 with the seed's health check, named within 32 characters", () => {
            for (const service of ["monolith", "devices"]) {
                expect(tg(service).inputs).to.deep.include({ name: `hse-${stack}-${service}-${replacementSuffix(8080, "HTTP")}`, port: 8080, protocol: "HTTP", targetType: "ip", vpcId: network().vpcId, deregistrationDelay: 30 });
                expect(tg(service).inputs.healthCheck).to.deep.equal({ protocol: "HTTP", port: "traffic-port", path: "/health/readiness", interval: 30, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3, matcher: "200" });
                expect(tg(service).inputs.name.length).to.be.at.most(32);
            }
        });

        it("writes access logs to a private bucket the log delivery may write to, with S3-managed encryption", () => {
            const logs = built.subtree(`hse-${stack}-alb-access-logs`);
            const bucket = logs.one(T.bucket);
            expect(bucket.inputs.bucketPrefix).to.equal(`hse-${stack}-alb-logs-`);
            expect(bucket.inputs.tags).to.include({ Purpose: "ALB access logs" });
            expect(alb.one(T.lb).inputs.accessLogs).to.deep.equal({ bucket: bucket.outputs?.bucket, prefix: "alb", enabled: true });
            expect(logs.one(T.encryption).inputs.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
            const policy = statementsBySid(logs.one(T.bucketPolicy).inputs.policy);
            const account = network().vpcId && built.outputs.keys.data.arn.split(":")[4];
            const path = `${bucket.outputs?.arn}/alb/AWSLogs/${account}/*`;
            expect(policy.ElbAccountWritesLogs).to.deep.equal({ Sid: "ElbAccountWritesLogs", Effect: "Allow", Principal: { AWS: "arn:aws:iam::127311923021:root" }, Action: "s3:PutObject", Resource: path });
            expect(policy.ElbLogDeliveryWritesLogs).to.deep.equal({ Sid: "ElbLogDeliveryWritesLogs", Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: path });
            expect(policy.DenyRequestsWithoutTls.Effect).to.equal("Deny");
            expect(alb.one(T.lb).dependencies).to.include(logs.one(T.bucketPolicy).urn);
        });

        it("takes devices on 5000 through an NLB with its own security group, client IPs preserved, TLS outside dev", () => {
            const lb = nlb.one(T.lb);
            expect(lb.inputs).to.include({ name: `hse-${stack}-nlb`, loadBalancerType: "network", internal: false, ipAddressType: "ipv4", enableCrossZoneLoadBalancing: true, enableDeletionProtection: protect });
            expect(lb.inputs.securityGroups).to.deep.equal([network().securityGroupIds.nlb]);
            expect(lb.inputs.subnets).to.deep.equal(network().subnetIds.public);
            const group = nlb.one(T.tg);
            expect(group.inputs).to.deep.include({ name: `hse-${stack}-devices-${replacementSuffix(5000, "TCP")}`, port: 5000, protocol: "TCP", targetType: "ip", preserveClientIp: "true", connectionTermination: true });
            expect(group.inputs.healthCheck).to.deep.equal({ protocol: "HTTP", port: "8080", path: "/health/readiness", interval: 30, healthyThreshold: 2, unhealthyThreshold: 3 });
            const listener = nlb.one(T.listener);
            expect(listener.inputs).to.deep.include({ port: 5000, protocol: stack === "dev" ? "TCP" : "TLS", defaultActions: [{ type: "forward", targetGroupArn: group.outputs?.arn }] });
        });

        it("gets a DNS-validated certificate for the public name" + (cdn ? ", CloudFront's origin name" : "") + " and the devices' name", () => {
            const certificate = built.subtree(`hse-${stack}-certificate`);
            expect(certificate.one(T.certificate).inputs).to.deep.include({ domainName: domain, validationMethod: "DNS", keyAlgorithm: "RSA_2048" });
            expect(certificate.one(T.certificate).inputs.subjectAlternativeNames).to.deep.equal(cdn ? [`origin-${domain}`, `devices-${domain}`] : [`devices-${domain}`]);
            const records = certificate.ofType(T.record);
            expect(records).to.have.length(cdn ? 3 : 2);
            const options = certificate.one(T.certificate).outputs?.domainValidationOptions as { resourceRecordName: string; resourceRecordType: string; resourceRecordValue: string }[];
            expect(records.map((r) => [r.inputs.name, r.inputs.type, r.inputs.records, r.inputs.ttl])).to.have.deep.members(
                options.map((o) => [o.resourceRecordName, o.resourceRecordType, [o.resourceRecordValue], 300]),
            );
            expect(certificate.one(T.validation).inputs.validationRecordFqdns).to.deep.equal(records.map((r) => r.outputs?.fqdn));
        });

        it(`points ${domain} at ${cdn ? "CloudFront, and the origin name at the ALB" : "the ALB"}, and devices-${domain} at the NLB`, () => {
            const aliasRecords = built.subtree(`hse-${stack}-dns`).ofType(T.record);
            // No failover record exists to answer instead, and CloudFront aliases take only false.
            for (const r of aliasRecords) expect(r.inputs.aliases[0].evaluateTargetHealth).to.equal(false);
            const records = aliasRecords.map((r) => [r.inputs.name, r.inputs.type, r.inputs.aliases[0].name]);
            const albDns = alb.one(T.lb).outputs?.dnsName;
            const devicesRecord = [`devices-${domain}`, "A", nlb.one(T.lb).outputs?.dnsName];
            expect(records).to.have.deep.members(
                cdn
                    ? [
                          [domain, "A", built.subtree(`hse-${stack}-cdn`).one(T.distribution).outputs?.domainName],
                          [domain, "AAAA", built.subtree(`hse-${stack}-cdn`).one(T.distribution).outputs?.domainName],
                          [`origin-${domain}`, "A", albDns],
                          devicesRecord,
                      ]
                    : [[domain, "A", albDns], devicesRecord],
            );
            expect(built.outputs.edge.publicUrl).to.equal(`https://${domain}`);
        });

        if (!cdn) {
            it("has no CloudFront and no web ACL", () => {
                expect(built.ofType(T.distribution)).to.deep.equal([]);
                expect(built.ofType(T.acl)).to.deep.equal([]);
                expect(built.outputs.edge.cloudFrontDomainName).to.equal(null);
            });
            return;
        }

        it("puts CloudFront in front: viewers on HTTPS with a current TLS policy, HTTPS only to the origin, nothing cached", () => {
            const d = built.subtree(`hse-${stack}-cdn`).one(T.distribution);
            expect(d.inputs.aliases).to.deep.equal([domain]);
            expect(d.inputs.viewerCertificate).to.deep.equal({ acmCertificateArn: certificateArn(), sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" });
            const [origin] = secretValue(d.inputs.origins);
            expect(origin).to.deep.include({ originId: "alb", domainName: `origin-${domain}` });
            expect(origin.customOriginConfig).to.deep.include({ originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] });
            expect(origin.customHeaders).to.deep.equal([{ name: "X-Origin-Verify", value: originSecret() }]);
            expect(d.inputs.defaultCacheBehavior).to.deep.include({ viewerProtocolPolicy: "redirect-to-https", cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", originRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac" });
            expect(d.inputs.priceClass).to.equal("PriceClass_100");
        });

        it("protects CloudFront with a web ACL of AWS managed rules and a per-IP rate limit, logged without credentials", () => {
            const waf = built.subtree(`hse-${stack}-waf`);
            const acl = waf.one(T.acl);
            expect(built.subtree(`hse-${stack}-cdn`).one(T.distribution).inputs.webAclId).to.equal(acl.outputs?.arn);
            expect(acl.inputs).to.deep.include({ scope: "CLOUDFRONT", defaultAction: { allow: {} } });
            expect(acl.inputs.rules.map((r: { name: string }) => r.name)).to.deep.equal([...MANAGED_RULE_GROUPS, "rate-limit-per-ip"]);
            const rate = acl.inputs.rules.at(-1);
            expect(rate).to.deep.include({ action: { block: {} }, statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 } } });
            for (const rule of acl.inputs.rules) expect(rule.visibilityConfig.cloudwatchMetricsEnabled, rule.name).to.equal(true);
            const logs = waf.one(T.logGroup);
            expect(logs.inputs.name).to.equal(`aws-waf-logs-hse-${stack}-cdn`);
            // Logs are evidence: protected and retained in production like every other log group (decision 0010).
            expect([logs.protect, logs.retainOnDelete]).to.deep.equal([protect, protect]);
            // Credentials never reach the log group: WAF writes REDACTED for these headers.
            expect(waf.one(T.aclLogging).inputs).to.deep.equal({
                resourceArn: acl.outputs?.arn,
                logDestinationConfigs: [logs.outputs?.arn],
                redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
            });
        });

        it("delivers CloudFront's standard logs to an encrypted log group", () => {
            const cdnSet = built.subtree(`hse-${stack}-cdn`);
            expect(cdnSet.one(T.logSource).inputs).to.deep.include({ logType: "ACCESS_LOGS", resourceArn: cdnSet.one(T.distribution).outputs?.arn });
            expect(cdnSet.one(T.logGroup).inputs).to.include({ retentionInDays: 30, kmsKeyId: built.outputs.keys.logs.arn });
            expect([cdnSet.one(T.logGroup).protect, cdnSet.one(T.logGroup).retainOnDelete]).to.deep.equal([protect, protect]);
            expect(cdnSet.one(T.logDelivery).inputs.deliverySourceName).to.equal(cdnSet.one(T.logSource).outputs?.name);
        });

        it("exports the DNS names of the ALB, the NLB and CloudFront, and the distribution's id", () => {
            const distribution = built.subtree(`hse-${stack}-cdn`).one(T.distribution);
            expect(built.outputs.edge).to.deep.include({
                albDnsName: alb.one(T.lb).outputs?.dnsName,
                nlbDnsName: nlb.one(T.lb).outputs?.dnsName,
                cloudFrontDomainName: distribution.outputs?.domainName,
                cloudFrontDistributionId: distribution.outputs?.id,
            });
            expect(built.outputs.edge.cloudFrontDistributionId).to.be.a("string");
        });
    });
}
