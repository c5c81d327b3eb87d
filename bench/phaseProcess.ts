// The child process of one measured run (phase.ts): takes the request over IPC, runs it, sends
// back the result or what went wrong, and exits.
import { runPhase, type PhaseRequest } from './phase.ts';

function reply(message: unknown): void {
  process.send?.(message, () => process.exit(0));
}

if (!process.send) {
  console.error('bench/phaseProcess.ts runs as a child of the bench (npm run bench), not on its own.');
  process.exit(64);
}

process.once('message', (request: PhaseRequest) => {
  runPhase(request).then(
    (result) => reply({ ok: true, result }),
    (error: unknown) => reply({ ok: false, message: error instanceof Error ? error.message : String(error) })
  );
});
