// The data sections' rules at their edges: window syntax and length, gp3 IOPS per GiB, and
// production's failover across zones for the cache.
import { expect } from "chai";
import { z } from "zod";
import { projectVoice } from "../../stacks/config/messages";
import { dailyOverlapsWeekly, dailyWindow, weeklyWindow } from "../../stacks/config/windows";
import { buildStack } from "../../offline/build";
import { loadPlatformConfig } from "../../stacks/config/load";
import { configProblems, editSection, keyOf, PROJECT, secretKeysOf, stackValues } from "../config/edit";

const messagesOf = (schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value, { error: projectVoice });
    return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe("maintenance windows in config", () => {
    it("a daily window must be hh:mm-hh:mm, and as long as AWS needs", () => {
        expect(messagesOf(dailyWindow(30), "03:00-03:30")).to.deep.equal([]);
        expect(messagesOf(dailyWindow(30), "03:00-03:29")).to.deep.equal(["lasts 29 minutes; AWS needs at least 30"]);
        expect(messagesOf(dailyWindow(30), "3:00-3:30")).to.deep.equal(['must be a daily window "hh:mm-hh:mm" in UTC, e.g. "03:00-04:00"']);
    });
    it("a weekly window must be ddd:hh:mm-ddd:hh:mm, and as long as AWS needs", () => {
        expect(messagesOf(weeklyWindow(60), "sat:23:30-sun:00:30")).to.deep.equal([]);
        expect(messagesOf(weeklyWindow(60), "sun:03:00-sun:03:59")).to.deep.equal(["lasts 59 minutes; AWS needs at least 60"]);
        expect(messagesOf(weeklyWindow(60), "sunday:03:00-sunday:04:00")).to.deep.equal(['must be a weekly window "ddd:hh:mm-ddd:hh:mm" in UTC, e.g. "sun:03:00-sun:04:00"']);
    });
    it("a malformed window overlaps nothing (its own syntax error is reported instead)", () => {
        expect(dailyOverlapsWeekly("3:00-4:00", "sun:03:00-sun:04:00")).to.equal(false);
        expect(dailyOverlapsWeekly("03:00-04:00", "sun:3:00-sun:4:00")).to.equal(false);
    });
});

describe("data sections' rules at their edges", () => {
    it("production's cache fails over automatically, across zones, each refusal naming its key", () => {
        const cache = (change: (c: Record<string, any>) => void) => configProblems("production", editSection("cache", change));
        // One shard without cluster mode, so only production's own rule speaks.
        const singleShard = (c: Record<string, any>) => Object.assign(c, { clusterMode: "disabled", shards: 1 });
        expect(cache((c) => { singleShard(c); c.automaticFailover = false; c.multiAz = false; })).to.deep.equal([
            { key: keyOf("cache")("automaticFailover"), message: "is false in production; the seed requires automatic failover" },
            { key: keyOf("cache")("multiAz"), message: "is false in production; replicas must be in other zones" },
        ]);
        expect(cache((c) => { singleShard(c); c.multiAz = false; })).to.deep.equal([{ key: keyOf("cache")("multiAz"), message: "is false in production; replicas must be in other zones" }]);
        expect(configProblems("staging", editSection("cache", (c) => { c.automaticFailover = false; c.multiAz = false; }))).to.deep.equal([]);
    });

    it("an access string of the operator's own is taken as it is", () =>
        expect(configProblems("dev", editSection("cache", (c) => { c.accessString = "on ~hse:* +@read"; }))).to.deep.equal([]));
});

describe("when database and cache changes take effect", () => {
    const derived = (stack: string, value: boolean | undefined) => {
        const values = stackValues(stack);
        for (const section of ["postgres", "cache"]) {
            editSection(section, (s) => {
                if (value === undefined) delete s.applyImmediately;
                else s.applyImmediately = value;
            })(values);
        }
        const config = loadPlatformConfig({ project: PROJECT, stack, values, secretKeys: secretKeysOf(values) });
        return [config.postgres.applyImmediately, config.cache.applyImmediately];
    };

    it("unset, applies at once in dev and staging and waits for the window in production", () => {
        expect(derived("dev", undefined)).to.deep.equal([true, true]);
        expect(derived("staging", undefined)).to.deep.equal([true, true]);
        expect(derived("production", undefined)).to.deep.equal([false, false]);
    });

    it("set, is what the stack file says in any environment", () => {
        expect(derived("production", true)).to.deep.equal([true, true]);
        expect(derived("dev", false)).to.deep.equal([false, false]);
    });

    it("reaches the RDS instance and the replication group", async () => {
        const built = await buildStack("production");
        expect(built.one("aws:rds/instance:Instance").inputs.applyImmediately).to.equal(false);
        expect(built.one("aws:elasticache/replicationGroup:ReplicationGroup").inputs.applyImmediately).to.equal(false);
        const dev = await buildStack("dev");
        expect(dev.one("aws:rds/instance:Instance").inputs.applyImmediately).to.equal(true);
        expect(dev.one("aws:elasticache/replicationGroup:ReplicationGroup").inputs.applyImmediately).to.equal(true);
    });
});
