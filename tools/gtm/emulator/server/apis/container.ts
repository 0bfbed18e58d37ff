// The container run: claimRequest, runContainer (with bindToEvent), addEventCallback (the server's), the event data
// tags read, getClientName, and the messages tags and the client exchange within one request.
import { expectArg, typeName } from '../../api/args.ts';
import { defineApi, type HostFunction } from '../../api/define.ts';
import { ApiError, PermissionError } from '../../errors.ts';
import type { EventData } from '../measurement-protocol.ts';
import type { EventCallback, ScopeOf } from '../scope.ts';

/** Only a client, and only while its code runs: a claim from a callback comes too late, as GTM reports. */
export const claimRequest = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'claimRequest',
    contexts: ['SERVER'],
    create: (env) => {
      const scope = scopeOf(env);
      return () => {
        if (scope.role !== 'CLIENT') throw new ApiError('claimRequest', `only a client can claim the request, and this template is a ${scope.role ?? 'template of unknown type'}`);
        if (scope.clientReturned) throw new ApiError('claimRequest', 'Tried to claim a request after a Client had returned. Calling claimRequest from a callback is not supported.');
        scope.exchange.claimedBy = scope.clientName;
      };
    },
  });

/**
 * Runs the tags for one event. onStart runs at once, before any tag; onComplete once every tag has finished, then
 * the event's callbacks (addEventCallback). Both receive bindToEvent, which ties an API call such as
 * addEventCallback to this event.
 */
export const runContainer = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'runContainer',
    contexts: ['SERVER'],
    create: (env) => {
      const scope = scopeOf(env);
      return (event: unknown, onComplete: unknown, onStart: unknown) => {
        expectArg('runContainer', 0, 'event', event, 'object');
        expectArg('runContainer', 1, 'onComplete', onComplete, 'function', true);
        expectArg('runContainer', 2, 'onStart', onStart, 'function', true);
        if (scope.exchange.claimedBy === undefined) throw new ApiError('runContainer', 'Request must be claimed before calling runContainer.');
        const fired = scope.runner.fire(env.boundary.copyToHost(event) as EventData);
        const bindToEvent = (api: unknown): HostFunction => {
          expectArg('bindToEvent', 0, 'api', api, 'function');
          return (...args: unknown[]) => scope.bound(fired.event, () => (api as HostFunction)(...args));
        };
        if (onStart) (onStart as HostFunction)(bindToEvent);
        const ended = fired.done.then(
          (tags) =>
            new Promise<void>((resolve) =>
              env.scheduler.later(() => {
                try {
                  if (onComplete) (onComplete as HostFunction)(bindToEvent);
                } finally {
                  // callbacks added in onComplete count too; each runs as its own task, so that one failing spares the others
                  for (const callback of fired.event.callbacks) env.scheduler.later(() => callback(env.containerVersion.containerId, { tags }));
                  resolve();
                }
              }),
            ),
        );
        env.scheduler.track(ended);
      };
    },
  });

/**
 * Calls `callback(containerId, {tags})` when the event ends. A tag's callback belongs to the event it runs for; a
 * client's must be bound with bindToEvent. Test runs have no event that ends: the callback is kept, never called.
 */
export const addEventCallback = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'addEventCallback',
    contexts: ['SERVER'],
    create: (env) => {
      const scope = scopeOf(env);
      return (callback: unknown) => {
        expectArg('addEventCallback', 0, 'callback', callback, 'function');
        const event = scope.currentEvent();
        if (event) event.callbacks.push(callback as EventCallback);
        else if (scope.role === 'CLIENT' && scope.requireBinding) {
          throw new ApiError(
            'addEventCallback',
            'in a client it must be bound to an event: runContainer(event, onComplete, (bindToEvent) => bindToEvent(addEventCallback)(callback))',
          );
        }
      };
    },
  });

/** The client's name: in a client its own, in a tag the one that claimed the request. */
export const getClientName = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'getClientName',
    contexts: ['SERVER'],
    create: (env) => {
      const scope = scopeOf(env);
      return () => scope.exchange.claimedBy ?? scope.clientName;
    },
  });

/** A copy of the value at a dotted path of the event data (object keys, array indices); undefined when absent. */
export const getEventData = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'getEventData',
    contexts: ['SERVER'],
    permission: (keyPath) => [[keyPath]],
    create: (env) => {
      const scope = scopeOf(env);
      return (keyPath: unknown) => {
        expectArg('getEventData', 0, 'keyPath', keyPath, 'string');
        let value: unknown = scope.currentEvent()?.data;
        for (const key of (keyPath as string).split('.')) {
          if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
          value = (value as Record<string, unknown>)[key];
        }
        return value;
      };
    },
  });

/** A copy of the whole event data; needs read_event_data for any key. [UNVERIFIED: what GTM allows with specific keys.] */
export const getAllEventData = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'getAllEventData',
    contexts: ['SERVER'],
    // checked below, for a clearer reason than the key check gives
    permission: () => [],
    create: (env) => {
      const scope = scopeOf(env);
      return () => {
        if (!env.permissions.declares('read_event_data')) env.permissions.check('getAllEventData', 'read_event_data', ['*']);
        if (!env.permissions.allows('read_event_data', ['*'])) {
          throw new PermissionError('getAllEventData', 'read_event_data', 'reading all event data needs access to any key, and it allows specific keys only');
        }
        return scope.currentEvent()?.data;
      };
    },
  });

/** Runs `callback(messageType, message)` synchronously for every message of this type sent in the request. */
export const addMessageListener = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'addMessageListener',
    contexts: ['SERVER'],
    permission: (messageType) => [['listen', String(messageType)]],
    create: (env) => {
      const { exchange } = scopeOf(env);
      return (messageType: unknown, callback: unknown) => {
        expectArg('addMessageListener', 1, 'callback', callback, 'function');
        const type = String(messageType);
        exchange.listeners.set(type, [...(exchange.listeners.get(type) ?? []), callback as HostFunction]);
      };
    },
  });

/** Sends a copy of `message` to the listeners of its type; a message that is not an object is ignored. */
export const sendMessage = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'sendMessage',
    contexts: ['SERVER'],
    permission: (messageType) => [['send', String(messageType)]],
    create: (env) => {
      const { exchange } = scopeOf(env);
      return (messageType: unknown, message: unknown) => {
        if (typeName(message) !== 'object') return;
        const type = String(messageType);
        for (const listener of exchange.listeners.get(type) ?? []) listener(type, env.boundary.copyToHost(message));
      };
    },
  });

/** [UNVERIFIED: which use_message action GTM checks; 'send', since a sender asks before sending.] */
export const hasMessageListener = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'hasMessageListener',
    contexts: ['SERVER'],
    permission: (messageType) => [['send', String(messageType)]],
    create: (env) => {
      const { exchange } = scopeOf(env);
      return (messageType: unknown) => (exchange.listeners.get(String(messageType))?.length ?? 0) > 0;
    },
  });

export const CONTAINER_APIS = [
  claimRequest,
  runContainer,
  addEventCallback,
  getClientName,
  getEventData,
  getAllEventData,
  addMessageListener,
  sendMessage,
  hasMessageListener,
];
