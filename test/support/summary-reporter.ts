// Mocha's spec reporter plus the one closing line CI reads: "tests: N passed, N failed".
import Mocha from "mocha";

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        runner.once(EVENT_RUN_END, () => {
            const stats = runner.stats ?? { passes: 0, failures: 0 };
            console.log(`tests: ${stats.passes} passed, ${stats.failures} failed`);
        });
    }
}

export = SummaryReporter;
