// The tracker's command queue, window.pipes: a stub that fills pipes.q until the tracker loads and replays it.
const createArgumentsQueue = require('createArgumentsQueue');

export type Pipes = (...command: unknown[]) => void;

export function pipesQueue(): Pipes {
  return createArgumentsQueue('pipes', 'pipes.q');
}

/** Queues one command given as a list: its name and up to two arguments. */
export function send(pipes: Pipes, command: readonly unknown[]): void {
  if (command.length === 1) pipes(command[0]);
  else if (command.length === 2) pipes(command[0], command[1]);
  else if (command.length === 3) pipes(command[0], command[1], command[2]);
}
