// The scheduler's two clocks, its ordering, its limits and its error path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler } from '../scheduler.ts';

test('virtual clock: nothing runs until settle; then tasks in order, microtasks between them, timers when idle', async () => {
  const scheduler = new Scheduler('virtual');
  const log: string[] = [];
  scheduler.timer(5000, () => log.push('timer 5000'));
  scheduler.timer(10, () => log.push('timer 10'));
  scheduler.later(() => {
    log.push('task 1');
    void Promise.resolve().then(() => log.push('microtask of task 1'));
  });
  scheduler.later(() => log.push('task 2'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(log, []);
  await scheduler.settle();
  assert.deepEqual(log, ['task 1', 'microtask of task 1', 'task 2', 'timer 10', 'timer 5000']);
});

test('a cancelled timer does not run', async () => {
  const scheduler = new Scheduler('virtual');
  const log: string[] = [];
  const cancel = scheduler.timer(1, () => log.push('ran'));
  cancel();
  await scheduler.settle();
  assert.deepEqual(log, []);
});

test('real clock: tasks and timers run on their own', async () => {
  const scheduler = new Scheduler('real');
  const log: string[] = [];
  scheduler.later(() => log.push('task'));
  scheduler.timer(5, () => log.push('timer'));
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.deepEqual(log, ['task', 'timer']);
});

test('settle waits for tracked host work and what it schedules', async () => {
  const scheduler = new Scheduler('virtual');
  const log: string[] = [];
  scheduler.track(new Promise((resolve) => setTimeout(resolve, 10)).then(() => scheduler.later(() => log.push('after host work'))));
  await scheduler.settle();
  assert.deepEqual(log, ['after host work']);
});

test('code that keeps rescheduling itself is stopped; errors of tasks go to onError', async () => {
  const scheduler = new Scheduler('virtual');
  const again = (): void => scheduler.later(again);
  again();
  await assert.rejects(scheduler.settle({ maxTasks: 50 }), /more than 50 callLater tasks and timers ran/);
  const errors: unknown[] = [];
  const other = new Scheduler('virtual');
  other.onError = (error) => errors.push(error);
  other.later(() => {
    throw new Error('boom');
  });
  other.later(() => errors.push('next task still ran'));
  await other.settle();
  assert.deepEqual(errors.map(String), ['Error: boom', 'next task still ran']);
});
