// What every command of review/ (plan, review, cost, diagram) does when run as a program: print
// its text (stdout on success, stderr otherwise) and exit with its code; an error nobody expected
// prints its stack and exits 3, so a script can tell a refusal (1, 2) from a bug.

export interface CommandResult {
    readonly exitCode: number;
    readonly text: string;
}

export function runAsProgram(run: (argv: string[]) => Promise<CommandResult>): void {
    run(process.argv.slice(2)).then(
        (result) => {
            (result.exitCode === 0 ? console.log : console.error)(result.text);
            process.exitCode = result.exitCode;
        },
        (error: unknown) => {
            console.error(error);
            process.exitCode = 3;
        },
    );
}
