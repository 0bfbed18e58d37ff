// Every Pipes tag: the first one on a page loads and configures the tracker, then each queues its own command.
// The tag succeeds once the tracker script is there (at once when an earlier tag loaded it), never waiting for
// events to be sent: the tracker batches them and retries on its own.
import { tagCommand } from './command.ts';
import { followConsent } from './consent.ts';
import { debug, problem } from './log.ts';
import { pipesQueue, send, type Pipes } from './pipes.ts';
import { readSettings, type Settings } from './settings.ts';
const JSON = require('JSON');
const injectScript = require('injectScript');
const makeString = require('makeString');
const templateStorage = require('templateStorage');

// templateStorage lives as long as the page and is shared by every Pipes tag on it.
const STARTED_WITH = 'settings';
const TRACKER_URL = 'tracker';
const LOADED = 'loaded';

function run(): void {
  const command = tagCommand();
  if (typeof command === 'string') return fail(command);
  const settings = readSettings();
  const startedWith = templateStorage.getItem(STARTED_WITH);
  const pipes = pipesQueue();
  if (!startedWith) {
    if (typeof settings === 'string') return fail(settings);
    start(pipes, settings);
  } else if (startedWith !== JSON.stringify(settings)) {
    debug('This tag\'s settings differ from those the tracker was started with on this page; they are ignored.');
  }
  send(pipes, command);
  debug('Queued ' + (command.length ? JSON.stringify(command) : 'nothing (load only)'));
  whenTrackerLoaded();
}

function start(pipes: Pipes, settings: Settings): void {
  templateStorage.setItem(STARTED_WITH, JSON.stringify(settings));
  templateStorage.setItem(TRACKER_URL, settings.trackerUrl);
  pipes('init', settings.config);
  followConsent(pipes);
  settings.pluginUrls.forEach((url) => {
    injectScript(url, () => debug('Loaded ' + url), () => problem('Could not load the plugin ' + url), url);
  });
}

function whenTrackerLoaded(): void {
  if (templateStorage.getItem(LOADED)) return data.gtmOnSuccess();
  const url = makeString(templateStorage.getItem(TRACKER_URL));
  const loaded = (): void => {
    templateStorage.setItem(LOADED, true);
    data.gtmOnSuccess();
  };
  const failed = (): void =>
    fail('Could not load the tracker from ' + url + ': check the server-side GTM URL and the script path, and that the Pipes client serves the script there.');
  injectScript(url, loaded, failed, url);
}

function fail(message: string): void {
  problem(message);
  data.gtmOnFailure();
}

run();
