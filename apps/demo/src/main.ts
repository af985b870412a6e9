import { HELP, parseCommandLine, UsageError } from './cli/args';
import { selectBackend } from './cli/backend';
import { runLabCommand } from './cli/lab-command';
import { runWalkthrough } from './walkthrough';

/** The x-demo command line: the walkthrough (default) or the init lab. */
async function main(argv: readonly string[]): Promise<void> {
  const command = parseCommandLine(argv);
  if (command.kind === 'help') {
    process.stdout.write(HELP);
  } else if (command.kind === 'walkthrough') {
    const backend = await selectBackend(command.backend);
    await runWalkthrough({ seed: command.seed, backend, write: (line) => console.log(line) });
  } else {
    await runLabCommand(command, { log: (text) => console.log(text), progress: process.stderr });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`x-demo: ${message}`);
  if (error instanceof UsageError) console.error('Run `x-demo --help` for usage.');
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
