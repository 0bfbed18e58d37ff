// The Pipes client: claims PREFIX/collect and the tracker's script paths (the tracker and its plugins), and nothing else, so every other request
// stays with the other clients of the container (GA4 and so on).
import { handleCollect } from './collect.ts';
import { scriptAt, serveScript } from './script.ts';
import { readSettings } from './settings.ts';
const claimRequest = require('claimRequest');
const getRequestPath = require('getRequestPath');

const settings = readSettings();
const path = getRequestPath();

if (path === settings.collectPath) {
  claimRequest();
  handleCollect(settings);
} else if (settings.script) {
  const source = scriptAt(path, settings.script.path);
  if (source !== undefined) {
    claimRequest();
    serveScript(source, settings.script.cacheSeconds);
  }
}
