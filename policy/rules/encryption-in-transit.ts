// Encryption in transit: TLS from the client to CloudFront, CloudFront to the ALB, devices to the
// NLB, services to the cache and the database. The allowed TLS policies are the ones the program
// itself offers in config (components/edge), so the pack and the config cannot disagree.
import { ELB_TLS_POLICIES } from "../../components/edge/alb";
import { CLOUDFRONT_TLS_POLICIES } from "../../components/edge/cdn";
import { asArray, ResourceRule, stackOf } from "./rule";

export const cacheEncryptedInTransit: ResourceRule = {
    name: "elasticache-encrypted-in-transit",
    description: "ElastiCache replication groups require TLS from every client.",
    types: ["aws:elasticache/replicationGroup:ReplicationGroup"],
    check: ({ props }) => [
        ...(props.transitEncryptionEnabled === true ? [] : ["transitEncryptionEnabled must be true"]),
        ...(props.transitEncryptionMode === "preferred" ? ["transitEncryptionMode must not be preferred (plain text still accepted)"] : []),
    ],
};

/** The stacks where config lets the NLB take plain TCP (stacks/config/nlb.ts: dev only, with a warning). */
export const PLAIN_TCP_STACKS: readonly string[] = ["dev"];

function redirectsToHttps(actions: unknown): boolean {
    const list = asArray(actions as any[]);
    return list.length > 0 && list.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS");
}

export const listenerTls: ResourceRule = {
    name: "lb-listener-tls",
    description: `Load balancer listeners speak HTTPS or TLS with one of ${ELB_TLS_POLICIES.join(", ")}; plain HTTP only redirects to HTTPS; plain TCP only in ${PLAIN_TCP_STACKS.join(", ")}.`,
    types: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
    check: ({ props, urn }) => {
        const protocol = String(props.protocol ?? "");
        if (protocol === "HTTPS" || protocol === "TLS") {
            return (ELB_TLS_POLICIES as readonly string[]).includes(props.sslPolicy)
                ? []
                : [`sslPolicy ${props.sslPolicy ?? "(AWS default)"} is not one of ${ELB_TLS_POLICIES.join(", ")}`];
        }
        if (protocol === "HTTP") return redirectsToHttps(props.defaultActions) ? [] : ["an HTTP listener may only redirect to HTTPS"];
        if (protocol === "TCP" && PLAIN_TCP_STACKS.includes(stackOf(urn))) return [];
        return [`protocol ${protocol || "(none)"} is not encrypted: use HTTPS or TLS`];
    },
};

const VIEWER_HTTPS = ["redirect-to-https", "https-only"];
/** Origin protocols CloudFront may use to a custom origin; SSLv3, TLSv1 and TLSv1.1 are deprecated. */
const ORIGIN_SSL_PROTOCOLS = ["TLSv1.2"];

export const cloudFrontHttps: ResourceRule = {
    name: "cloudfront-https",
    description: "CloudFront serves viewers over HTTPS only with a current minimum TLS version, and reaches custom origins over HTTPS with TLS 1.2.",
    types: ["aws:cloudfront/distribution:Distribution"],
    check: ({ props }) => {
        const behaviors = [props.defaultCacheBehavior, ...asArray(props.orderedCacheBehaviors)].filter(Boolean);
        const plainViewer = behaviors.filter((b: any) => !VIEWER_HTTPS.includes(b.viewerProtocolPolicy));
        const origins = asArray(props.origins as any[]).filter((o) => o.customOriginConfig);
        const plainOrigin = origins.filter((o) => o.customOriginConfig.originProtocolPolicy !== "https-only");
        const oldTls = origins.filter((o) => asArray(o.customOriginConfig.originSslProtocols).some((p) => !ORIGIN_SSL_PROTOCOLS.includes(p as string)));
        const minimum = props.viewerCertificate?.minimumProtocolVersion;
        return [
            ...plainViewer.map((b: any) => `cache behavior ${b.pathPattern ?? "default"} lets viewers use HTTP (viewerProtocolPolicy ${b.viewerProtocolPolicy})`),
            ...plainOrigin.map((o) => `origin ${o.originId} is not reached over https-only`),
            ...oldTls.map((o) => `origin ${o.originId} allows a TLS version before 1.2`),
            ...((CLOUDFRONT_TLS_POLICIES as readonly string[]).includes(minimum) ? [] : [`viewerCertificate.minimumProtocolVersion ${minimum ?? "(default)"} is not one of ${CLOUDFRONT_TLS_POLICIES.join(", ")}`]),
        ];
    },
};

export const postgresForceSsl: ResourceRule = {
    name: "rds-postgres-force-ssl",
    description: "PostgreSQL parameter groups set rds.force_ssl to 1, so the database refuses plain connections.",
    types: ["aws:rds/parameterGroup:ParameterGroup"],
    check: ({ props }) => {
        if (!String(props.family ?? "").startsWith("postgres")) return [];
        const forced = asArray(props.parameters as any[]).some((p) => p.name === "rds.force_ssl" && String(p.value) === "1");
        return forced ? [] : ["rds.force_ssl must be 1"];
    },
};

export const ENCRYPTION_IN_TRANSIT = [cacheEncryptedInTransit, listenerTls, cloudFrontHttps, postgresForceSsl];
