// The list of config sections, in the order the tiers are built. A new tier adds its section
// here; the schema, the derived config and the configuration reference follow from this list.
import { z } from "zod";
import { cacheSection } from "./cache";
import { keysSection } from "./keys";
import { networkSection } from "./network";
import { POSTGRES_DEFAULT_PORT, postgresSection } from "./postgres";
import { crossSectionRule, CrossSectionRule } from "./section";
import { secretsSection } from "./secrets";
import { TIMESCALE_PASSWORD_KEY, timescaleSection } from "./timescale";

export const SECTIONS = [keysSection, networkSection, secretsSection, postgresSection, timescaleSection, cacheSection] as const;

const externalTimescale = z.object({ mode: z.literal("external"), port: z.number().default(POSTGRES_DEFAULT_PORT), secretArn: z.string().optional() });

/** Rules between tier sections; each names the sections it spans. */
export const CROSS_SECTION_RULES: readonly CrossSectionRule[] = [
    crossSectionRule({
        description: "the services can reach an external TimescaleDB",
        sections: ["network", "timescale"],
        needs: z.object({ network: z.object({ serviceInternetEgress: z.enum(["all", "https"]).default("all") }), timescale: externalTimescale }),
        check: (c) =>
            c.network.serviceInternetEgress === "https" && c.timescale.port !== 443
                ? [{ path: ["timescale", "port"], message: `is ${c.timescale.port}, but network.serviceInternetEgress is https: the services could not reach the external TimescaleDB; set serviceInternetEgress to all` }]
                : [],
    }),
    crossSectionRule({
        description: "an external TimescaleDB has its credentials",
        sections: ["timescale", TIMESCALE_PASSWORD_KEY],
        needs: z.object({ timescale: externalTimescale, [TIMESCALE_PASSWORD_KEY]: z.string().optional() }),
        check: (c) => {
            const hasSecret = c.timescale.secretArn !== undefined;
            const hasPassword = c[TIMESCALE_PASSWORD_KEY] !== undefined;
            if (hasSecret === hasPassword) {
                return [{
                    path: ["timescale", "secretArn"],
                    message: hasSecret
                        ? `and ${TIMESCALE_PASSWORD_KEY} are both set; keep one`
                        : `is not set: give the ARN of the secret that holds the credentials, or run pulumi config set --secret hse-platform:${TIMESCALE_PASSWORD_KEY} <password>`,
                }];
            }
            return [];
        },
    }),
];
