// The list of config sections, in the order the tiers are built. A new tier adds its section
// here; the schema, the derived config and the configuration reference follow from this list.
import { cacheSection } from "./cache";
import { networkSection } from "./network";
import { postgresSection } from "./postgres";
import { CrossSectionRule } from "./section";

export const SECTIONS = [networkSection, postgresSection, cacheSection] as const;

/** Rules between tier sections (none yet: each names the sections it spans). */
export const CROSS_SECTION_RULES: readonly CrossSectionRule[] = [];
